import doctest

from kechuang.matching import metrics, normalize
from kechuang.matching.metrics import ndcg_at_k, percentile, recall_at_k


def test_doctests():
    assert doctest.testmod(metrics).failed == 0
    assert doctest.testmod(normalize).failed == 0


def test_ndcg_and_recall():
    assert ndcg_at_k(["a", "b"], {"a"}, 10) == 1.0
    assert round(ndcg_at_k(["x", "a"], {"a"}, 10), 4) == 0.6309
    assert recall_at_k(["a"], {"a", "b"}, 10) == 0.5


def test_percentile():
    assert percentile([1, 2, 3, 4], 50) == 2
    assert percentile([1, 2, 3, 4], 95) == 4
