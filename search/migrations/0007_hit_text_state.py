"""Declare migration 0006's PostgreSQL table ``search_text`` to Django (state only: the table exists).

Unknown to Django, the table was left out of flushes, whose TRUNCATE of the
articles then failed on its foreign key.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0006_document_text_without_visibility")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HitText",
                    fields=[
                        (
                            "article",
                            models.OneToOneField(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                primary_key=True,
                                related_name="+",
                                serialize=False,
                                to="articles.article",
                            ),
                        ),
                        ("headline", models.TextField()),
                        ("body", models.TextField()),
                    ],
                    options={"db_table": "search_text", "required_db_vendor": "postgresql"},
                ),
            ],
            database_operations=[],
        ),
    ]
