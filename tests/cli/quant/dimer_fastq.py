#!/usr/bin/env python3
"""dimer_fastq.py READS.fastq.gz > dimers.fq: an adapter-dimer library cut from real reads.

Each read whose TruSeq adapter (TGGAATTCTCGG...) starts after position 0 is cut at the adapter, with its own
qualities, which is what a read of an empty insert holds. Reads with fewer than 16 bases from the adapter on are
left out. Used by tests/cli/quant/test_qc_gate.sh and tests/cli/run/test_blanks_gate.sh."""
import gzip
import sys

ADAPTER_PREFIX = "TGGAATTCTCGG"


def main(path):
    n = 0
    with gzip.open(path, "rt") as f:
        while True:
            head, seq, plus, qual = (f.readline().rstrip("\n") for _ in range(4))
            if not head:
                break
            p = seq.find(ADAPTER_PREFIX)
            if p > 0 and len(seq) - p >= 16:
                sys.stdout.write(f"{head.split()[0]}\n{seq[p:]}\n+\n{qual[p:]}\n")
                n += 1
    sys.stderr.write(f"{n} dimer reads\n")


if __name__ == "__main__":
    main(sys.argv[1])
