"""The web import of the target directory: upload → queued run → the worker imports in the background →
the JSON status the progress bar polls → the per-row report; who may import; the directory list page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from sanxiang.inspections.import_runs import ProgressFile, import_run_execute, progress_path
from sanxiang.inspections.models import ImportRun, Target
from sanxiang.records.models import Event
from sanxiang.records.models_evidence import EvidenceBlob
from tests.inspections.test_import_support import credit_code, row, rows, write_csv, write_xlsx


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def upload(client, path, **fields):
    with open(path, "rb") as handle:
        data = {"file": SimpleUploadedFile(path.name, handle.read()), **fields}
    return client.post(reverse("targets:import"), data)


def status_of(client, run_id) -> dict:
    response = client.get(reverse("targets:import_status", args=[run_id]))
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db(transaction=True)  # the worker commits and checks connections as in production
def test_upload_then_the_worker_imports_and_the_page_shows_the_outcome(client, grace, local_storage, data_dir,
                                                                        tmp_path):  # fmt: skip
    client.force_login(grace)
    path = write_xlsx(tmp_path / "名录.xlsx", rows(25))
    response = upload(client, path)

    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "targets:import_run", args=[run.pk]
    )
    assert (run.status, run.started_by, run.file_name) == (ImportRun.Status.QUEUED, grace, "名录.xlsx")
    assert EvidenceBlob.objects.filter(pk=run.file_blob_id).exists()  # the file is kept, not in this table
    queued = status_of(client, run.pk)
    assert (queued["status"], queued["finished"]) == ("queued", False)
    page = client.get(reverse("targets:import_run", args=[run.pk])).content.decode()
    assert "<progress" in page and 'http-equiv="refresh"' in page  # works without JavaScript too

    call_command("worker", "--once")

    done = status_of(client, run.pk)
    assert (done["status"], done["finished"], done["created"], done["rejected"]) == ("imported", True, 25, 0)
    assert Target.objects.count() == 25
    assert (
        Event.objects.filter(action="target.import", subject_id=str(run.pk), actor_id=grace.pk).count() == 1
    )
    page = client.get(reverse("targets:import_run", args=[run.pk])).content.decode()
    assert "已导入：新增 25 个" in page and "<progress" not in page and "http-equiv" not in page
    assert not progress_path(run.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_file_with_bad_rows_is_reported_per_row_on_the_page_and_nothing_is_imported(
    client, grace, local_storage, data_dir, tmp_path
):
    client.force_login(grace)
    records = rows(3)
    records[1]["风险等级"] = "Q"
    upload(client, write_csv(tmp_path / "t.csv", records, encoding="gb18030"))
    run = ImportRun.objects.get()

    call_command("worker", "--once")

    run.refresh_from_db()
    assert run.status == ImportRun.Status.REJECTED and run.encoding == "gb18030"
    assert Target.objects.count() == 0
    page = client.get(reverse("targets:import_run", args=[run.pk])).content.decode()
    assert "第 3 行" in page and "风险等级" in page and "“Q”不是风险等级" in page
    assert "请填 A、B、C 或 D" in page
    assert "未导入任何检查对象" in page


@pytest.mark.django_db(transaction=True)
def test_valid_only_on_the_page_imports_the_valid_rows(client, grace, local_storage, data_dir, tmp_path):
    client.force_login(grace)
    records = rows(3)
    records[0]["名称"] = ""
    upload(client, write_csv(tmp_path / "t.csv", records), valid_only="on")
    call_command("worker", "--once")
    run = ImportRun.objects.get()
    assert (run.status, run.created_count, run.rejected_count) == (ImportRun.Status.IMPORTED, 2, 1)


@pytest.mark.django_db(transaction=True)
def test_an_unreadable_file_fails_the_run_with_a_reason(client, grace, local_storage, data_dir, tmp_path):
    client.force_login(grace)
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a workbook")
    upload(client, path)
    call_command("worker", "--once")
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED and "无法读取 .xlsx 文件" in run.message
    assert status_of(client, run.pk)["finished"] is True


@pytest.mark.django_db
def test_the_status_shows_the_live_progress_while_the_run_is_running(client, grace, data_dir):
    run = ImportRun.objects.create(file_name="t.csv", started_by=grace, status=ImportRun.Status.RUNNING)
    ProgressFile(run.pk)("write", 4000, 10000)
    client.force_login(grace)
    status = status_of(client, run.pk)
    assert (status["phase"], status["done"], status["total"], status["percent"]) == ("write", 4000, 10000, 40)
    assert status["status_label"] == "正在写入"
    page = client.get(reverse("targets:import_run", args=[run.pk])).content.decode()
    assert 'value="4000" max="10000"' in page


@pytest.mark.django_db
def test_a_run_is_claimed_once(grace):
    run = ImportRun.objects.create(file_name="t.csv", started_by=grace, status=ImportRun.Status.IMPORTED)
    assert import_run_execute(run_id=run.pk) == "not queued"


@pytest.mark.django_db
def test_an_officer_may_not_import_nor_see_runs(client, alice, grace, local_storage, tmp_path):
    client.force_login(alice)  # Alice: officer, reads the directory, may not change it
    assert client.get(reverse("targets:import")).status_code == 403
    assert upload(client, write_csv(tmp_path / "t.csv", rows(1))).status_code == 403
    assert not ImportRun.objects.exists()
    run = ImportRun.objects.create(file_name="t.csv", started_by=grace)
    assert client.get(reverse("targets:import_run", args=[run.pk])).status_code == 404
    assert client.get(reverse("targets:import_status", args=[run.pk])).status_code == 404


@pytest.mark.django_db
def test_the_pages_need_a_login(client):
    for name in ("targets:list", "targets:import"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_a_wrong_file_type_is_refused_on_the_form(client, grace, local_storage, tmp_path):
    client.force_login(grace)
    path = tmp_path / "t.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    response = upload(client, path)
    assert response.status_code == 400
    assert "另存为 .xlsx 或 .csv" in response.content.decode()
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_the_directory_list_searches_by_name_and_code_and_filters_by_risk_and_region(client, alice, tmp_path):
    from sanxiang.inspections import imports

    records = [row(1, **{"名称": "阳光游泳馆", "风险等级": "D", "所属区域": "城南街道"}),
               row(2, **{"名称": "月亮理发店", "风险等级": "A", "所属区域": "城北街道"}),
               row(3, **{"名称": "阳光理发店", "风险等级": "A", "所属区域": "城南街道"})]  # fmt: skip
    imports.targets_import(actor=None, path=write_csv(tmp_path / "t.csv", records))
    client.force_login(alice)

    def names(**query) -> list[str]:
        response = client.get(reverse("targets:list"), query)
        assert response.status_code == 200
        return [t.name for t in response.context["page"].object_list]

    assert sorted(names(q="阳光")) == ["阳光游泳馆", "阳光理发店"]
    assert names(q=credit_code(2)[:17].lower()) == ["月亮理发店"]
    assert sorted(names(risk="A")) == ["月亮理发店", "阳光理发店"]
    assert names(risk="A", region="城南街道") == ["阳光理发店"]
    assert "共 3 个检查对象" in client.get(reverse("targets:list")).content.decode()


# --- the API ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_api_takes_a_file_and_reports_the_run(client, grace, local_storage, data_dir, tmp_path):
    client.force_login(grace)
    records = rows(3)
    records[0]["统一社会信用代码"] = "91430602MA4L0000XX"
    with open(write_csv(tmp_path / "t.csv", records), "rb") as handle:
        response = client.post(reverse("targets:api-imports"), {"file": handle, "valid_only": "true"})
    assert response.status_code == 202
    started = response.json()
    assert (started["status"], started["valid_only"]) == ("queued", True)

    call_command("worker", "--once")

    done = client.get(started["url"]).json()
    assert (done["status"], done["created"], done["rejected"]) == ("imported", 2, 1)
    assert done["errors"][0]["row"] == 2 and done["errors"][0]["problems"][0]["column"] == "统一社会信用代码"


@pytest.mark.django_db
def test_the_api_refuses_an_officer_and_a_missing_file_with_json_errors(client, alice, grace, local_storage):
    client.force_login(alice)
    response = client.post(reverse("targets:api-imports"), {"file": SimpleUploadedFile("t.csv", b"x")})
    assert response.status_code == 403 and response.json()["code"] == "not_allowed"
    run = ImportRun.objects.create(file_name="t.csv", started_by=grace)
    assert client.get(reverse("targets:api-import", args=[run.pk])).status_code == 404
    client.force_login(grace)
    response = client.post(reverse("targets:api-imports"), {})
    assert response.status_code == 400 and "file" in response.json()["detail"]


def test_a_run_whose_worker_died_is_marked_failed_after_two_hours_and_a_fresh_one_is_left_alone(grace):
    import datetime as dt

    from django.utils import timezone

    from sanxiang.inspections.jobs import stale_imports_fail

    now = timezone.now()
    dead = ImportRun.objects.create(file_name="dead.csv", started_by=grace, status=ImportRun.Status.RUNNING,
                                    started_at=now - dt.timedelta(hours=3))  # fmt: skip
    alive = ImportRun.objects.create(file_name="alive.csv", started_by=grace, status=ImportRun.Status.RUNNING,
                                     started_at=now - dt.timedelta(minutes=5))  # fmt: skip

    assert stale_imports_fail(now=now) == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == ImportRun.Status.FAILED and "重新上传" in dead.message and dead.finished_at == now
    assert alive.status == ImportRun.Status.RUNNING
