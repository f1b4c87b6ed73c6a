"""Which section (rubrique) a wire dispatch is filed in, from its subjects: the mapping editors keep in the admin."""

from .models import SectionSubject


def subject_key(subject):
    """Return a subject as the mapping stores it: one space between words, lower case."""
    return " ".join(subject.split()).lower()


def section_for(subjects):
    """Return the section of the first of ``subjects`` (codes or names, in the agency's order) that is mapped, or None.

    One query, whatever the number of subjects.
    """
    keys = [subject_key(subject) for subject in subjects if subject]
    if not keys:
        return None
    mapped = {
        row.subject: row.section for row in SectionSubject.objects.filter(subject__in=keys).select_related("section")
    }
    return next((mapped[key] for key in keys if key in mapped), None)
