"""spaCy's French pipeline, loaded on first use, once per process.

Nothing on a reader's path imports this module: only the admin's save, the
ingest hook, the review page and the benchmark call ``pipeline()``.
"""

import bisect
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


# Between two texts read as one document: a paragraph break, which no entity spans.
JOINT = "\n\n"


def people(texts):
    """Return, for each of ``texts``, the (start, end, label) of the people and organisations spaCy finds.

    The texts are short (a speaker's phrase, a sentence's opening) and read as one document: the model's
    cost per document is larger than its cost per word on such phrases.
    """
    starts = []
    offset = 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + len(JOINT)
    found = [[] for _ in texts]
    doc = pipeline()(JOINT.join(texts))
    for entity in doc.ents:
        if entity.label_ not in ("PER", "ORG"):
            continue
        index = bisect.bisect_right(starts, entity.start_char) - 1
        start, end = entity.start_char - starts[index], entity.end_char - starts[index]
        found[index].append((start, min(end, len(texts[index])), entity.label_))
    return found
