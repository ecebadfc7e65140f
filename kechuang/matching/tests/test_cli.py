from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kechuang.matching.cli import main

from .conftest import DOCS, filler

ROOT = Path(__file__).resolve().parents[3]


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def corpus_rows():
    rows = [
        {"id": d.id, "title": d.title, "abstract": d.abstract, "keywords": list(d.keywords)} for d in DOCS
    ]
    rows += [{"id": d.id, "title": None, "abstract": d.abstract, "keywords": None} for d in filler(30)]
    return rows


def test_eval_prints_the_contract(tmp_path, capsys):
    corpus = write_jsonl(tmp_path / "c.jsonl", corpus_rows())
    queries = write_jsonl(
        tmp_path / "q.jsonl",
        [
            {"query": "稀土镁合金压铸", "relevant": ["a1"]},
            {"query": "湖泊富营养化评价", "relevant": ["a2"]},
            {"query": "秸秆发电", "relevant": ["a4", "zz"]},
        ],
    )
    assert main(["eval", "--corpus", str(corpus), "--queries", str(queries), "--k", "10"]) == 0
    out = json.loads(capsys.readouterr().out)
    for key in (
        "recall_at_k",
        "precision_at_k",
        "mrr_at_k",
        "ndcg_at_k",
        "build_seconds",
        "query_p50_ms",
        "query_p95_ms",
        "peak_rss_mb",
        "docs",
        "queries",
    ):
        assert key in out
    assert out["docs"] == 35 and out["queries"] == 3
    assert out["mrr_at_k"] == 1.0
    assert out["recall_at_k"] == round((1 + 1 + 0.5) / 3, 4)


def test_malformed_jsonl_names_the_line(tmp_path, capsys):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "1", "abstract": "x"}\n\n{"id": "2", "abstract": \n', encoding="utf-8")
    queries = write_jsonl(tmp_path / "q.jsonl", [{"query": "x", "relevant": ["1"]}])
    assert main(["eval", "--corpus", str(corpus), "--queries", str(queries)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {corpus} line 3: invalid JSON")


def test_schema_errors(tmp_path, capsys):
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "1", "abstract": "x"}, {"id": "1", "abstract": "y"}])
    queries = write_jsonl(tmp_path / "q.jsonl", [{"query": "x"}])
    assert main(["eval", "--corpus", str(corpus), "--queries", str(queries)]) == 2
    assert "line 2: duplicate id '1'" in capsys.readouterr().err
    corpus = write_jsonl(tmp_path / "c2.jsonl", [{"id": "1", "abstract": "x"}])
    queries = write_jsonl(tmp_path / "q2.jsonl", [{"query": 5, "relevant": []}])
    assert main(["eval", "--corpus", str(corpus), "--queries", str(queries)]) == 2
    assert "q2.jsonl line 1: 'query' must be a string" in capsys.readouterr().err
    assert main(["eval", "--corpus", str(tmp_path / "missing.jsonl"), "--queries", str(queries)]) == 2
    assert "cannot open" in capsys.readouterr().err


def test_module_entry_point(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", corpus_rows())
    queries = write_jsonl(tmp_path / "q.jsonl", [{"query": "镁合金", "relevant": ["a1", "a5"]}])
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kechuang.matching",
            "eval",
            "--corpus",
            str(corpus),
            "--queries",
            str(queries),
            "--k",
            "5",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["precision_at_k"] > 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "kechuang.matching", "eval", "--corpus", str(bad), "--queries", str(queries)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 2
    assert "line 1: invalid JSON" in proc.stderr


def test_engine_does_not_import_django():
    code = "import sys, kechuang.matching; import kechuang.matching.cli; print('django' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert proc.stdout.strip() == "False"
