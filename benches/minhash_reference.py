"""The speed budget's yardstick, measured on this machine: MinHash + LSH in
Python (rensa, and datasketch) over the same paragraphs as the engine's
benchmarks, so that Ditto's figures can be read against it wherever they
were printed (the same engine has measured 1.5x apart on two machines).

    python benches/minhash_reference.py [DIR]
    ./build.sh bench [DIR]      (installs the pinned packages in target/bench-venv)

Per paragraph, as a near-duplicate finder would use it: lowercase and split
on whitespace (far less folding than Ditto's), a 128-permutation MinHash of
the words, one LSH query for earlier near-duplicates, one insert. Best of
repeated runs (rensa: 3 s of them; datasketch, at about 300 µs per
paragraph: three).
"""

import json
import subprocess
import sys
import time
from pathlib import Path

from datasketch import MinHash, MinHashLSH
from rensa import RMinHash, RMinHashLSH

PERMUTATIONS = 128
THRESHOLD = 0.8
RENSA_BANDS = 16


def inputs(folder):
    """The corpus paragraphs and their 350c selection, exactly as benches/corpus.mjs
    cuts and picks them (one extractor for every bench)."""
    corpus = Path(__file__).with_name("corpus.mjs").resolve().as_uri()
    script = (
        f"import {{ about350, loadCorpus }} from {json.dumps(corpus)};"
        f"const corpus = loadCorpus({json.dumps(folder)});"
        "process.stdout.write(JSON.stringify([['1×', corpus], ['350c', about350(corpus).map((b) => b.text)]]));"
    )
    out = subprocess.run(
        ["node", "--input-type=module", "-e", script], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


def rensa_run(texts):
    lsh = RMinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS, num_bands=RENSA_BANDS)
    started = time.perf_counter()
    for i, text in enumerate(texts):
        sketch = RMinHash(num_perm=PERMUTATIONS, seed=42)
        sketch.update(text.lower().split())
        lsh.query(sketch)
        lsh.insert(i, sketch)
    return time.perf_counter() - started


def datasketch_run(texts):
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS)
    started = time.perf_counter()
    for i, text in enumerate(texts):
        sketch = MinHash(num_perm=PERMUTATIONS)
        sketch.update_batch([w.encode() for w in text.lower().split()])
        lsh.query(sketch)
        lsh.insert(i, sketch)
    return time.perf_counter() - started


def best(run, texts, min_seconds):
    times = [run(texts)]
    started = time.perf_counter()
    while len(times) < 3 or time.perf_counter() - started < min_seconds:
        times.append(run(texts))
    return min(times)


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/pages"
    if not Path(folder).is_dir():
        sys.exit(f"bench: no folder {folder}: pass the folder of saved pages")
    rows = inputs(folder)
    print(f"\nReference: MinHash ({PERMUTATIONS} permutations) + LSH in Python {sys.version.split()[0]}, same paragraphs")
    print("input  paragraphs  package       µs/para  µs/350 chars")
    for name, texts in rows:
        chars = sum(len(t.encode("utf-16-le")) // 2 for t in texts)
        for package, run, seconds in [("rensa", rensa_run, 3.0), ("datasketch", datasketch_run, 0.0)]:
            seconds_best = best(run, texts, seconds)
            per = seconds_best * 1e6 / len(texts)
            per_350 = seconds_best * 1e6 * 350 / chars
            print(f"{name:>5} {len(texts):>11}  {package:<12} {per:>8.2f} {per_350:>13.2f}")
    print("(per paragraph: lowercase, split on whitespace, sketch the words, one LSH query, one insert)")


if __name__ == "__main__":
    main()
