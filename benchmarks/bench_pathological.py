"""Extraction time of hostile or badly scraped articles: one huge "sentence" of quotations, a text
without punctuation, thousands of repeated names, a list of thousands of places, chains of event
and plan nouns, a run of pronouns.

Each input is measured in a fresh interpreter (model loading not counted): spaCy's parse and
peacegraph's extraction of the parsed doc separately, so what grows faster than the text is seen
where it grows. Every input is also given at a quarter of its size: with linear work the extraction
time grows about four times from the small to the large one. ``--code DIR`` measures the extractor
of another checkout (an earlier commit: ``git archive COMMIT | tar -x -C DIR``), with a time limit
per input for the inputs that one never finishes.

    python -m benchmarks.bench_pathological
    python -m benchmarks.bench_pathological --code /tmp/before --timeout 120
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PLACES = ("Kyiv", "Kharkiv", "Odesa", "Donetsk", "Kherson", "Zaporizhzhia", "Lviv", "Pokrovsk")
_NAMES = ("Putin", "Zelensky", "Trump", "Witkoff", "Macron", "Starmer", "Merz", "Erdogan")


def quotes(n: int) -> str:
    """One "sentence" of ``n`` nested quotations (15 characters each)."""
    return 'Zelensky said "' * n


def no_punctuation(n: int) -> str:
    """``n`` words of the seed articles with every punctuation mark and line break removed."""
    words = re.sub(r"[^\w\s]", " ", " ".join(p.read_text() for p in sorted((ROOT / "seeds").glob("*.txt")))).split()
    return " ".join(words[i % len(words)] for i in range(n))


def repeated_names(n: int) -> str:
    """One name ``n`` times, nothing else."""
    return "Putin " * n


def name_list(n: int) -> str:
    """``n`` leaders coordinated as the subject of stances."""
    return ", ".join(_NAMES[i % len(_NAMES)] for i in range(n)) + " met in Geneva and rejected the plan."


def places(n: int) -> str:
    """An attack on a list of ``n`` places."""
    return "Russian forces attacked " + ", ".join(_PLACES[i % len(_PLACES)] for i in range(n)) + " and Moscow."


def event_chain(n: int) -> str:
    """``n`` dated or placed event nouns, each in the phrase of the one before."""
    parts = ("the meeting on Monday", "the summit in Geneva", "the call with Trump")
    return "Putin attended " + " of ".join(parts[i % 3] for i in range(n)) + "."


def plan_chain(n: int) -> str:
    """``n`` generic plan cues and point cues, each in the phrase of the one before."""
    parts = ("the plan", "the proposal", "the draft on territory", "the 600,000 cap")
    return "The 28-point plan was discussed. Zelensky rejected " + " of ".join(parts[i % 4] for i in range(n)) + "."


def pronouns(n: int) -> str:
    """``n`` pronouns in one sentence, each to be resolved against the names before it."""
    return "Putin met Trump. " + "with him " * n + "."


INPUTS: dict[str, tuple[Callable[[int], str], int]] = {
    "quotes": (quotes, 3000),
    "no_punctuation": (no_punctuation, 50_000),
    "repeated_names": (repeated_names, 5000),
    "name_list": (name_list, 2000),
    "places": (places, 3000),
    "event_chain": (event_chain, 1500),
    "plan_chain": (plan_chain, 2000),
    "pronouns": (pronouns, 3000),
}


def _child(name: str, size: int, code: str | None) -> None:
    """Runs in a fresh interpreter: parse and extract one input, print its figures as JSON."""
    if code:
        sys.path.insert(0, code)  # before anything imports loaders
    from datetime import date

    from peacegraph.loaders.pipeline import default_extractor
    from peacegraph.loaders.readers import RawArticle

    extractor = default_extractor()
    extractor.extract([RawArticle(body="Putin said the plan was acceptable.", published=date(2025, 11, 22))])
    body = INPUTS[name][0](size)
    article = RawArticle(body=body, published=date(2025, 11, 22), source="bench")
    started = time.perf_counter()
    doc = next(iter(extractor.nlp.pipe([body])))
    parsed = time.perf_counter()
    extraction = extractor.extract_doc(article, doc)  # type: ignore[attr-defined]
    done = time.perf_counter()
    keys = [(r.source, r.type, r.target, r.start) for r in extraction.relations]
    figures = {
        "chars": len(body),
        "tokens": len(doc),
        "sentences": sum(1 for _ in doc.sents),
        "parse": parsed - started,
        "extract": done - parsed,
        "relations": len(keys),
        "duplicates": len(keys) - len(set(keys)),
    }
    print(json.dumps(figures))


def _measure(name: str, size: int, code: str | None, timeout: float) -> dict[str, object]:
    command = [sys.executable, "-m", "benchmarks.bench_pathological", "--child", name, "--size", str(size)]
    if code:
        command += ["--code", code]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"> {timeout:.0f} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"error": last[:60]}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--code", help="a checkout whose loaders/ to measure (default: this one)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per input and size")
    parser.add_argument("--only", nargs="*", choices=sorted(INPUTS), help="measure only these inputs")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, args.size, args.code)
        return
    print(f"extractor: {args.code or ROOT}")
    print(f"{'input':<15} {'size':>7} {'chars':>7} {'tokens':>7} {'sents':>5} {'parse s':>8} {'extract s':>10} "
          f"{'rels':>5} {'dups':>4}")  # fmt: skip
    for name in args.only or INPUTS:
        full = INPUTS[name][1]
        for size in (full // 4, full):
            row = _measure(name, size, args.code, args.timeout)
            if "error" in row:
                print(f"{name:<15} {size:>7} {row['error']}", flush=True)
                continue
            print(
                f"{name:<15} {size:>7} {row['chars']:>7} {row['tokens']:>7} {row['sentences']:>5} "
                f"{row['parse']:>8.2f} {row['extract']:>10.2f} {row['relations']:>5} {row['duplicates']:>4}",
                flush=True,
            )


if __name__ == "__main__":
    main()
