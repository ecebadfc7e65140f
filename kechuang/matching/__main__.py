import sys

from kechuang.matching.cli import main

sys.exit(main())
