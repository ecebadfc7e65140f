import os
import sys

# One query is a few small matrix-vector products: BLAS threads only add contention on a shared machine.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from kechuang.matching.cli import main

sys.exit(main())
