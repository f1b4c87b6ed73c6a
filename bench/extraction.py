"""Precision, recall and speed of the extraction assistant on the labelled dispatches.

    .venv/bin/python bench/extraction.py            # both parts of the set
    .venv/bin/python bench/extraction.py --part dev

The first set (76 dispatches): dev.json is the part the rules were first
written against; heldout.json and heldout2.json were written apart from them.
The second set (155 dispatches, issue 19): wire_dev.json (92) is the part
the rules were tuned on; wire_heldout.json (63), written at the same time
in other words and sentence shapes and split off before any tuning, is the
part that counts, scored once at the end (bench/README.md). Each
dispatch lists the quotes (text, speaker) and tolls (outcome, count,
count_max, qualifier, victims, source) a careful editor would record.

A predicted toll is paired with an expected one of the same count; a quote
with an expected one of the same words (accents, case and punctuation
aside). A field's precision is the number of paired items whose field is
right over the number predicted; its recall, over the number expected. A
speaker or a source is right when it is the expected one, or contains it
or is contained in it with at most three words more or less ("le président
Recep Tayyip Erdogan" for "Recep Tayyip Erdogan").
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extraction import nlp, rules  # noqa: E402
from extraction.extract import extract  # noqa: E402

DATA = ROOT / "bench" / "data" / "extraction"
TOLL_FIELDS = ["count", "outcome", "qualifier", "count_max", "victims", "source"]
QUOTE_FIELDS = ["text", "speaker"]
TARGET_MS = 50
PARTS = ["dev", "heldout", "heldout2", "wire_dev", "wire_heldout", "wire_final", "wire_last", "wire_check"]


def same_party(expected, found):
    expected, found = rules.fold(expected or ""), rules.fold(found or "")
    if expected == found:
        return True
    if not expected or not found:
        return False
    shorter, longer = sorted((expected, found), key=len)
    return f" {shorter} " in f" {longer} " and len(longer.split()) - len(shorter.split()) <= 3


def score(dispatches):
    counts = {f"toll.{name}": [0, 0, 0] for name in TOLL_FIELDS}  # right, predicted, expected
    counts.update({f"quote.{name}": [0, 0, 0] for name in QUOTE_FIELDS})
    misses = []
    for dispatch in dispatches:
        found = extract(dispatch["text"])
        expected_tolls = list(dispatch["tolls"])
        for name in TOLL_FIELDS:
            counts[f"toll.{name}"][1] += len(found.tolls)
            counts[f"toll.{name}"][2] += len(expected_tolls)
        for toll in found.tolls:
            match = next((e for e in expected_tolls if e["count"] == toll.count), None)
            if match is None:
                misses.append((dispatch["id"], "extra toll", f"{toll.outcome} {toll.count}"))
                continue
            expected_tolls.remove(match)
            checks = {
                "count": True,
                "outcome": toll.outcome == match["outcome"],
                "qualifier": toll.qualifier == match["qualifier"],
                "count_max": toll.count_max == match["count_max"],
                "victims": rules.fold(toll.victims) == rules.fold(match["victims"]),
                "source": same_party(match["source"], toll.source),
            }
            for name, right in checks.items():
                counts[f"toll.{name}"][0] += right
                if not right:
                    misses.append((dispatch["id"], f"toll {name}", f"{getattr(toll, name)!r} for {match[name]!r}"))
        for toll in expected_tolls:
            misses.append((dispatch["id"], "missed toll", f"{toll['outcome']} {toll['count']}"))
        expected_quotes = list(dispatch["quotes"])
        for name in QUOTE_FIELDS:
            counts[f"quote.{name}"][1] += len(found.quotes)
            counts[f"quote.{name}"][2] += len(expected_quotes)
        for quote in found.quotes:
            match = next((e for e in expected_quotes if rules.fold(e["text"]) == rules.fold(quote.text)), None)
            if match is None:
                misses.append((dispatch["id"], "extra quote", quote.text[:60]))
                continue
            expected_quotes.remove(match)
            counts["quote.text"][0] += 1
            if same_party(match["speaker"], quote.speaker):
                counts["quote.speaker"][0] += 1
            else:
                misses.append((dispatch["id"], "quote speaker", f"{quote.speaker!r} for {match['speaker']!r}"))
        for quote in expected_quotes:
            misses.append((dispatch["id"], "missed quote", quote["text"][:60]))
    return counts, misses


def speed(dispatches, words=400, rounds=3):
    """Return the wall and CPU milliseconds of extract() on each 400-word text made of the set's dispatches.

    The dispatches are put end to end and cut every 400 words: denser in quotes and attributions than
    one real dispatch, so the figure errs on the slow side.
    """
    all_words = " ".join(d["text"] for d in dispatches).split()
    texts = []
    for start in range(0, len(all_words) - words + 1, words):
        texts.append(" ".join(all_words[start : start + words]))
    timings, cpu = [], []
    for _ in range(rounds):
        for text in texts:
            began, began_cpu = time.perf_counter(), time.process_time()
            extract(text)
            timings.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
    return timings, cpu, len(texts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=[*PARTS, "all"], default="all")
    parser.add_argument("--misses", action="store_true", help="list what each part got wrong")
    args = parser.parse_args()
    began = time.perf_counter()
    nlp.pipeline()
    print(f"model loaded in {time.perf_counter() - began:.1f} s")
    parts = PARTS if args.part == "all" else [args.part]
    everything = []
    for part in parts:
        dispatches = json.loads((DATA / f"{part}.json").read_text(encoding="utf-8"))
        everything += dispatches
        counts, misses = score(dispatches)
        languages = {lang: sum(d["lang"] == lang for d in dispatches) for lang in ("fr", "en")}
        print(f"\n{part}: {len(dispatches)} dispatches ({languages['fr']} French, {languages['en']} English)")
        print(f"{'field':18} {'precision':>9} {'recall':>7}   right/predicted/expected")
        for name, (right, predicted, expected) in counts.items():
            precision = right / predicted if predicted else 1.0
            recall = right / expected if expected else 1.0
            print(f"{name:18} {precision:9.2f} {recall:7.2f}   {right}/{predicted}/{expected}")
        if args.misses:
            for miss in misses:
                print("   ", *miss)
    timings, cpu, texts = speed(everything)
    print(f"\nspeed: {texts} texts of 400 words, 3 rounds (target: under {TARGET_MS} ms)")
    for name, values in (("wall", timings), ("CPU", cpu)):
        median, p95 = statistics.median(values), statistics.quantiles(values, n=20)[-1]
        print(
            f"{name:5} median {median:5.1f} ms  p95 {p95:5.1f} ms  max {max(values):5.1f} ms"
            f"   p95 / target {p95 / TARGET_MS:.2f}"
        )
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
