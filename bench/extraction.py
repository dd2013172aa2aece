"""Benchmark: extracting tasks from the largest sample (the PAPI plan, ~60 KB) and a 1 MB text.

Prints milliseconds, MB/s and peak memory (tracemalloc), and the ratio to a bare baseline
on the same text in the same run: NFC normalisation plus tokenising, the least any reader
of the text must do. Targets: under 50 ms for the sample, at least 1 MB/s.

    python -m bench.extraction [--runs N]
"""
from __future__ import annotations

import argparse
import tracemalloc
import unicodedata
from pathlib import Path

from bench.timing import median_ms
from tracker.documents.extraction.extract import extract
from tracker.documents.extraction.lexicon import Lexicon, builtin_directory_rows
from tracker.documents.extraction.mentions import clear_token_cache, tokenize

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
PAPI = "hanoi-122-KH-UBND-2020-papi.txt"


def _cold(read, *args):  # noqa: ANN001, ANN002, ANN202
    """Each run reads the text afresh: the tokens kept from the run before are dropped."""
    clear_token_cache()
    return read(*args)


def _peak_mb(action) -> float:  # noqa: ANN001
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1048576


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--samples", type=Path, default=SAMPLES)
    args = parser.parse_args()
    lexicon = Lexicon.national().with_directory(builtin_directory_rows())
    sample = (args.samples / PAPI).read_text(encoding="utf-8")
    corpus = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(args.samples.glob("*.txt")))
    big = (corpus * (1 + 1_048_576 // len(corpus.encode())))[: 1_048_576 // 2]
    while len(big.encode()) < 1_048_576:
        big += "\n" + corpus
    print(f"{'text':<22}{'size KB':>9}{'ms':>9}{'MB/s':>8}{'peak MB':>9}{'bare ms':>9}{'ratio':>7}{'tasks':>7}")
    for label, text, runs in (("PAPI sample", sample, args.runs), ("1 MB concatenation", big, max(3, args.runs // 5))):
        size_mb = len(text.encode()) / 1048576
        ms = median_ms(lambda t=text: _cold(extract, t, lexicon), runs)
        bare = median_ms(lambda t=text: _cold(tokenize, unicodedata.normalize("NFC", t)), runs)
        peak = _peak_mb(lambda t=text: extract(t, lexicon))
        tasks = len(extract(text, lexicon).tasks)
        print(f"{label:<22}{size_mb * 1024:>9.0f}{ms:>9.1f}{size_mb / (ms / 1000):>8.2f}{peak:>9.1f}{bare:>9.1f}"
              f"{ms / bare:>7.1f}{tasks:>7}")
    _hostile(lexicon)


def _hostile(lexicon: Lexicon) -> None:
    """Inputs built to be slow: no input up to 100 KB may take over a second."""
    from tracker.documents.reading import read_document

    print(f"\n{'hostile input':<34}{'size KB':>9}{'ms':>9}")
    repeated = "6 tháng " * 12000
    nested = ("<div><p>" * 7000 + "Giao Sở Y tế chủ trì." + "</p></div>" * 7000).encode()
    for label, action, size in (
            ("'6 tháng ' x 12000 (extract)", lambda: extract(repeated, lexicon), len(repeated.encode())),
            ("nested <div><p> x 7000 (read)", lambda: read_document("a.html", nested, 10**7), len(nested))):
        print(f"{label:<34}{size / 1024:>9.0f}{median_ms(action, 3):>9.1f}")


if __name__ == "__main__":
    main()
