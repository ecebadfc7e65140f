"""Excel pages and API endpoints: permission matrix, uploads refused with clear messages, exports contain
exactly the rows the user may see."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from kechuang.core.excel import ERROR_SHEET, human_size
from kechuang.registry import excel
from kechuang.registry.choices import OrganizationKind, VerificationStatus
from kechuang.registry.models import Organization, Region
from kechuang.registry.tests.excel_files import ORG_HEADER, STATS_HEADER, read_rows, upload, xlsx_bytes
from kechuang.registry.tests.helpers import ROLES
from tests import api
from tests import factories as f
from tests.pages import client_for

pytestmark = pytest.mark.django_db

A = f.make_uscc(11, "220104")
B = f.make_uscc(12, "220104")


def _user(cast, role):  # type: ignore[no-untyped-def]
    return None if role == "anonymous" else getattr(cast, role)


def _content(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)


def _good_file() -> bytes:
    return xlsx_bytes(
        {
            excel.ORG_SHEET: [
                ORG_HEADER,
                [A, "长春甲科技有限公司", "企业", "220104", "C39", "小型", None, None],
            ],
            excel.STATS_SHEET: [STATS_HEADER, [A, 2024, 1_000_000, 50_000, 20, 5]],
        }
    )


def _bad_file() -> bytes:
    return xlsx_bytes(
        {
            excel.ORG_SHEET: [
                ORG_HEADER,
                [A, "长春甲科技有限公司", "企业", "220104"],
                [B, "长春乙科技有限公司", "企业", "999999"],
            ],
        }
    )


@pytest.fixture
def world(cast):  # type: ignore[no-untyped-def]
    jilin = f.OrganizationFactory(
        name="吉林化纤研究所",
        kind=OrganizationKind.INSTITUTE,
        uscc=f.make_uscc(7, "220202"),
        region=Region.objects.get(code="220202"),
    )
    pending = f.OrganizationFactory(name="待核验长春公司", verification_status=VerificationStatus.PENDING)
    f.StatisticsFactory(organization=cast.org, year=2024)
    f.StatisticsFactory(organization=cast.org, year=2025)
    f.StatisticsFactory(organization=jilin, year=2025)
    return {"jilin": jilin, "pending": pending}


# ---------------------------------------------------------------------------------------------------------
# Pages: permission matrix

IMPORTERS = (302, 404, 404, 404, 404, 200, 200, 200)


@pytest.mark.parametrize("url_name", ["registry:organization_import", "registry:import_template"])
def test_import_pages_matrix(cast, url_name):
    got = tuple(client_for(_user(cast, r)).get(reverse(url_name)).status_code for r in ROLES)
    assert got == IMPORTERS


def test_post_by_a_user_without_import_rights_is_404_and_writes_nothing(cast):
    for role in ("norole", "org_admin"):
        response = client_for(_user(cast, role)).post(
            reverse("registry:organization_import"), {"file": upload(_good_file()), "mode": "upsert"}
        )
        assert response.status_code == 404
    assert not Organization.objects.filter(uscc=A).exists()


def test_import_page_good_file(cast):
    response = client_for(cast.officer).post(
        reverse("registry:organization_import"), {"file": upload(_good_file()), "mode": "upsert"}
    )
    assert response.status_code == 200
    assert response.context["result"].as_dict() == {
        "organizations_created": 1,
        "organizations_updated": 0,
        "statistics_created": 1,
        "statistics_updated": 0,
        "rows": 2,
    }
    assert "导入成功" in response.content.decode()
    assert Organization.objects.get(uscc=A).statistics.get().year == 2024


def test_import_page_bad_file_lists_errors_and_offers_the_error_workbook(cast):
    response = client_for(cast.officer).post(
        reverse("registry:organization_import"), {"file": upload(_bad_file()), "mode": "upsert"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "导入未完成：发现1处错误，未写入任何数据。请下载错误清单，修改后重新上传。" in page
    assert "行政区划代码“999999”不存在。" in page
    assert not Organization.objects.filter(uscc__in=[A, B]).exists()
    url = reverse("registry:import_errors", args=[response.context["token"]])
    download = client_for(cast.officer).get(url)
    assert download.status_code == 200
    assert read_rows(_content(download), ERROR_SHEET)[1] == (
        "主体",
        3,
        "所在地区",
        "行政区划代码“999999”不存在。",
    )
    # Someone else's error workbook (even an officer's of the same region) is not found; so is a forged token.
    assert client_for(cast.other_officer).get(url).status_code == 404
    assert client_for(cast.admin).get(url).status_code == 404
    assert client_for(cast.officer).get(reverse("registry:import_errors", args=["x" * 32])).status_code == 404
    assert client_for(None).get(url).status_code == 302


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("主体.xlsx", b"uscc,name\n1,2\n", "文件不是有效的 Excel 工作簿（.xlsx）。请在 Excel 或 WPS 中打开后“另存为 .xlsx”再上传。"),
        ("主体.csv", b"uscc,name\n1,2\n", "文件不是有效的 Excel 工作簿（.xlsx）。请在 Excel 或 WPS 中打开后“另存为 .xlsx”再上传。"),
        ("主体.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "不支持旧版 .xls 文件，请在 Excel 或 WPS 中“另存为 .xlsx”后再上传。"),
        ("主体.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "不支持旧版 .xls 文件，请在 Excel 或 WPS 中“另存为 .xlsx”后再上传。"),
        ("主体.xlsx", b"PK\x03\x04broken zip", "文件不是有效的 Excel 工作簿（.xlsx）。请在 Excel 或 WPS 中打开后“另存为 .xlsx”再上传。"),
    ],
)  # fmt: skip
def test_import_page_refuses_a_file_that_is_not_xlsx(cast, name, content, message):
    response = client_for(cast.officer).post(
        reverse("registry:organization_import"), {"file": upload(content, name), "mode": "upsert"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"file": [message]}


def test_import_page_refuses_a_zip_that_is_not_a_workbook(cast):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    response = client_for(cast.officer).post(
        reverse("registry:organization_import"), {"file": upload(buffer.getvalue()), "mode": "upsert"}
    )
    assert response.context["form"].errors["file"] == [
        "文件不是有效的 Excel 工作簿（.xlsx）。请在 Excel 或 WPS 中打开后“另存为 .xlsx”再上传。"
    ]


def test_import_page_refuses_an_oversized_upload(cast):
    content = _good_file()
    with override_settings(KECHUANG_MAX_UPLOAD_BYTES=2048):
        response = client_for(cast.officer).post(
            reverse("registry:organization_import"), {"file": upload(content), "mode": "upsert"}
        )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "file": [f"文件过大（{human_size(len(content))}），上传文件不能超过 2 KB。请拆分后分批导入。"]
    }
    assert not Organization.objects.filter(uscc=A).exists()


def test_import_page_without_a_file(cast):
    response = client_for(cast.officer).post(reverse("registry:organization_import"), {"mode": "upsert"})
    assert response.context["form"].errors == {"file": ["请选择要上传的 Excel 文件。"]}


def test_template_download_is_a_workbook_with_both_sheets(cast):
    response = client_for(cast.officer).get(reverse("registry:import_template"))
    content = _content(response)
    orgs = read_rows(content, excel.ORG_SHEET)
    assert orgs[0][:4] == ("统一社会信用代码*", "名称*", "主体类型", "所在地区*")
    assert orgs[1][0] == excel.EXAMPLE_USCC
    assert read_rows(content, excel.STATS_SHEET)[0][:3] == ("统一社会信用代码*", "年度*", "营业收入（元）")


# ---------------------------------------------------------------------------------------------------------
# Page exports: only visible rows


def _exported_usccs(response) -> set[str]:  # type: ignore[no-untyped-def]
    rows = read_rows(_content(response), excel.ORG_SHEET)
    assert rows[0][0] == "统一社会信用代码"
    return {r[0] for r in rows[1:]}


def test_organization_export_matrix(cast, world):
    url = reverse("registry:organization_export")
    assert client_for(None).get(url).status_code == 302
    org, other, jilin, pending = (
        cast.org.uscc,
        cast.other_org.uscc,
        world["jilin"].uscc,
        world["pending"].uscc,
    )
    expected = {
        "norole": set(),
        "org_member": {org},
        "org_admin": {org},
        "other_org_admin": {other},
        "officer": {org, other, pending},
        "other_officer": {jilin},
        "admin": {org, other, jilin, pending},
    }
    for role, usccs in expected.items():
        response = client_for(_user(cast, role)).get(url)
        assert response.status_code == 200, role
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert _exported_usccs(response) == usccs, role


def test_organization_export_applies_the_list_filters(cast, world):
    client = client_for(cast.admin)
    url = reverse("registry:organization_export")
    assert _exported_usccs(client.get(url, {"kind": "institute"})) == {world["jilin"].uscc}
    assert _exported_usccs(client.get(url, {"q": "光華微電子"})) == {cast.org.uscc}  # Traditional input
    assert _exported_usccs(client.get(url, {"region": "220200"})) == {world["jilin"].uscc}
    assert _exported_usccs(client.get(url, {"verification_status": "pending"})) == {world["pending"].uscc}
    response = client.get(url, {"region": "火星"})
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("registry:organization_list")
    )


def test_statistics_export_only_visible_organizations(cast, world):
    url = reverse("registry:statistics_export")
    rows = read_rows(_content(client_for(cast.officer).get(url)), excel.STATS_SHEET)
    assert rows[0][:3] == ("统一社会信用代码", "主体名称", "年度")
    assert sorted((r[0], r[2]) for r in rows[1:]) == [(cast.org.uscc, 2024), (cast.org.uscc, 2025)]
    rows = read_rows(_content(client_for(cast.other_officer).get(url, {"year": 2025})), excel.STATS_SHEET)
    assert [(r[0], r[2]) for r in rows[1:]] == [(world["jilin"].uscc, 2025)]
    assert read_rows(_content(client_for(cast.norole).get(url)), excel.STATS_SHEET)[1:] == []
    assert client_for(None).get(url).status_code == 302


def test_verification_and_park_exports(cast, world):
    url = reverse("registry:verification_export")
    got = tuple(client_for(_user(cast, r)).get(url).status_code for r in ROLES)
    assert got == (302, 404, 404, 404, 404, 200, 200, 200)
    rows = read_rows(_content(client_for(cast.officer).get(url)), "待核验主体")
    assert [r[0] for r in rows[1:]] == [world["pending"].uscc]
    assert read_rows(_content(client_for(cast.other_officer).get(url)), "待核验主体")[1:] == []
    f.ParkFactory(name="长春光电产业园")
    rows = read_rows(_content(client_for(None).get(reverse("registry:park_export"))), "园区")
    assert [r[0] for r in rows[1:]] == ["长春光电产业园"]


def test_export_keeps_formula_like_text_as_text(cast):
    cast.org.name = '=HYPERLINK("http://evil")'
    cast.org.save()
    content = _content(client_for(cast.org_admin).get(reverse("registry:organization_export")))
    cell = load_workbook(io.BytesIO(content))[excel.ORG_SHEET]["B2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://evil")', "s")


# ---------------------------------------------------------------------------------------------------------
# API


def test_api_import_matrix(cast):
    url = reverse("api-organizations-import")
    assert api.client_for(None).post(url, {"file": upload(_good_file())}, format="multipart").status_code in (
        401,
        403,
    )
    for role in ("norole", "org_member", "org_admin", "other_org_admin"):
        response = api.client_for(_user(cast, role)).post(
            url, {"file": upload(_good_file())}, format="multipart"
        )
        api.assert_error(response, 404, "对象不存在或无权访问。")
    assert not Organization.objects.filter(uscc=A).exists()
    response = api.client_for(cast.officer).post(url, {"file": upload(_good_file())}, format="multipart")
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "organizations_created": 1,
        "organizations_updated": 0,
        "statistics_created": 1,
        "statistics_updated": 0,
        "rows": 2,
    }


def test_api_import_other_region_is_refused_with_row_errors(cast):
    content = xlsx_bytes({excel.ORG_SHEET: [ORG_HEADER, [A, "长春甲科技有限公司", "企业", "220104"]]})
    response = api.client_for(cast.other_officer).post(
        reverse("api-organizations-import"), {"file": upload(content)}, format="multipart"
    )
    extra = api.assert_error(
        response, 400, "导入未完成：发现1处错误，未写入任何数据。请下载错误清单，修改后重新上传。"
    )
    assert extra["errors"] == [
        {
            "sheet": "主体",
            "row": 2,
            "column": "所在地区",
            "message": "您只能导入本辖区（吉林省吉林市）内的主体，“吉林省长春市朝阳区”不在其中。",
        }
    ]


def test_api_import_bad_file_and_error_workbook(cast):
    client = api.client_for(cast.officer)
    response = client.post(
        reverse("api-organizations-import"), {"file": upload(_bad_file())}, format="multipart"
    )
    extra = api.assert_error(
        response, 400, "导入未完成：发现1处错误，未写入任何数据。请下载错误清单，修改后重新上传。"
    )
    assert extra["error_count"] == 1 and extra["code"] == "import_errors"
    assert extra["errors"] == [
        {"sheet": "主体", "row": 3, "column": "所在地区", "message": "行政区划代码“999999”不存在。"}
    ]
    download = client.get(extra["error_workbook"])
    assert download.status_code == 200
    assert read_rows(_content(download), ERROR_SHEET)[1][3] == "行政区划代码“999999”不存在。"
    assert api.client_for(cast.other_officer).get(extra["error_workbook"]).status_code == 404


def test_api_import_not_xlsx_and_missing_file(cast):
    client = api.client_for(cast.officer)
    response = client.post(
        reverse("api-organizations-import"), {"file": upload(b"hello", "a.txt")}, format="multipart"
    )
    api.assert_error(
        response,
        400,
        "文件不是有效的 Excel 工作簿（.xlsx）。请在 Excel 或 WPS 中打开后“另存为 .xlsx”再上传。",
    )
    response = client.post(reverse("api-organizations-import"), {"mode": "upsert"}, format="multipart")
    api.assert_error(response, 400, "请选择要上传的 Excel 文件。")


def test_api_import_oversized(cast):
    content = _good_file()
    with override_settings(KECHUANG_MAX_UPLOAD_BYTES=2048):
        response = api.client_for(cast.officer).post(
            reverse("api-organizations-import"), {"file": upload(content)}, format="multipart"
        )
    api.assert_error(response, 413, "请求内容过大：上限为2 KB。")
    assert not Organization.objects.filter(uscc=A).exists()


def test_api_exports(cast, world):
    url = reverse("api-organizations-export")
    assert api.client_for(None).get(url).status_code in (401, 403)
    assert _exported_usccs(api.client_for(cast.norole).get(url)) == set()
    assert _exported_usccs(api.client_for(cast.other_officer).get(url)) == {world["jilin"].uscc}
    assert _exported_usccs(api.client_for(cast.officer).get(url, {"q": cast.org.uscc})) == {cast.org.uscc}
    api.assert_error(
        api.client_for(cast.officer).get(url, {"region": "长春"}), 400, "region: 应为6位行政区划代码。"
    )
    stats_url = reverse("api-statistics-export")
    rows = read_rows(_content(api.client_for(cast.officer).get(stats_url, {"year": 2025})), excel.STATS_SHEET)
    assert [(r[0], r[2]) for r in rows[1:]] == [(cast.org.uscc, 2025)]
    assert api.client_for(None).get(stats_url).status_code in (401, 403)
    template = api.client_for(cast.officer).get(reverse("api-organizations-import-template"))
    assert read_rows(_content(template), excel.ORG_SHEET)[1][0] == excel.EXAMPLE_USCC
    assert api.client_for(cast.norole).get(reverse("api-organizations-import-template")).status_code == 404
