import pytest

from kechuang.core.pagination import keyset_page
from kechuang.registry.models import Organization
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("oldest_first", [False, True])
def test_pages_walk_forward_and_back_without_gaps(oldest_first):
    ids = [f.OrganizationFactory().pk for _ in range(23)]
    expected = sorted(ids, reverse=not oldest_first)
    qs = Organization.objects.all()
    pages, after = [], None
    while True:
        page = keyset_page(qs, after=after, size=10, oldest_first=oldest_first)
        pages.append(page)
        if page.next_after is None:
            break
        after = page.next_after
    assert [o.pk for p in pages for o in p.rows] == expected
    assert [len(p.rows) for p in pages] == [10, 10, 3]
    assert pages[0].prev_before is None and pages[1].prev_before == expected[10]
    back = keyset_page(qs, before=pages[2].prev_before, size=10, oldest_first=oldest_first)
    assert [o.pk for o in back.rows] == expected[10:20]
    assert back.prev_before == expected[10] and back.next_after == expected[19]
    first = keyset_page(qs, before=back.prev_before, size=10, oldest_first=oldest_first)
    assert [o.pk for o in first.rows] == expected[:10] and first.prev_before is None


def test_keyset_page_is_one_query(django_assert_num_queries):
    for _ in range(5):
        f.OrganizationFactory()
    with django_assert_num_queries(1):
        keyset_page(Organization.objects.all(), after=10**9, size=3)
