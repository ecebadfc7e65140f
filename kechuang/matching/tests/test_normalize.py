from kechuang.matching.normalize import normalize_text, strip_conversion_noise
from kechuang.matching.tokenize import Tokenizer


def test_traditional_to_simplified():
    assert normalize_text("產學研合作與技術轉移") == "产学研合作与技术转移"


def test_pinyin_conversion_noise_is_removed():
    assert normalize_text("吉林省人民政府辦公廳關(guān)于印發(fā)") == "吉林省人民政府办公厅关于印发"
    assert strip_conversion_noise("產(chǎn)業(yè)") == "產業"


def test_real_parentheses_are_kept():
    assert normalize_text("各市(州)人民政府") == "各市(州)人民政府"
    assert normalize_text("功率器件(IGBT)") == "功率器件(igbt)"


def test_full_width_and_case():
    assert normalize_text("ＬＥＤ　照明１２３") == "led 照明123"


def test_empty():
    assert normalize_text(None) == ""
    assert normalize_text("   ") == ""


def test_tokens_have_words_and_bigrams():
    tok = Tokenizer()
    terms = tok.tokens("稀土镁合金压铸")
    assert "~镁合" in terms
    assert "压铸" in terms or "~压铸" in terms


def test_domain_words_change_segmentation():
    tok = Tokenizer()
    assert "稀土镁合金" not in tok.words("稀土镁合金压铸")
    tok.add_words(["稀土镁合金"])
    assert "稀土镁合金" in tok.words("稀土镁合金压铸")


def test_jieba_segmenter_is_available():
    tok = Tokenizer(segmenter="jieba")
    assert "技术" in tok.words("技术转移")


def test_seed_document_normalises(tmp_path):
    from pathlib import Path

    import pytest

    seeds = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"
    files = sorted(seeds.glob("002_*.txt")) if seeds.is_dir() else []
    if not files:
        pytest.skip("shared seeds not available")
    text = normalize_text(files[0].read_text(encoding="utf-8"))
    assert "(guān)" not in text
    assert "关于印发吉林省加快推进工业企业产品创新实施方案的通知" in text
