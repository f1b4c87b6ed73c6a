"""spaCy's French pipeline, loaded on first use, once per process.

Nothing on a reader's path imports this module: only the admin's save, the
ingest hook, the review page and the benchmark call ``pipeline()``.
"""

import threading

MODEL = "fr_core_news_md"
# The rules split sentences and read numbers; the model only names people
# and organisations, so the parts that do nothing else are left out.
UNUSED = ["morphologizer", "attribute_ruler", "lemmatizer", "parser"]

_lock = threading.Lock()
_pipeline = None


def pipeline():
    """Return the loaded spaCy pipeline."""
    global _pipeline
    if _pipeline is None:
        with _lock:
            if _pipeline is None:
                import spacy

                _pipeline = spacy.load(MODEL, exclude=UNUSED)
    return _pipeline


def people(texts):
    """Return, for each of ``texts``, the (start, end, label) of the people and organisations spaCy finds."""
    return [
        [(entity.start_char, entity.end_char, entity.label_) for entity in doc.ents if entity.label_ in ("PER", "ORG")]
        for doc in pipeline().pipe(texts)
    ]
