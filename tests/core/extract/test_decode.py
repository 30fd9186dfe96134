from __future__ import annotations

from reader.core.extract.decode import declared_charset, decode_html, normalise_charset

KO = "똠방각하 시장 골목이 새 단장을 마치고 손님을 맞는다. 상인들은 간판을 바꿨다."


def test_euc_kr_labels_decode_as_cp949() -> None:
    for label in ("EUC-KR", "euc_kr", "ks_c_5601-1987", "KSC5601", "x-windows-949"):
        assert normalise_charset(label) == "cp949"
    # 똠 is outside EUC-KR proper: only CP949 decodes it, as browsers do.
    body = f'<meta charset="euc-kr"><p>{KO}</p>'.encode("cp949")
    assert KO in decode_html(body)


def test_http_header_wins_over_meta() -> None:
    body = f'<meta charset="utf-8"><p>{KO}</p>'.encode("cp949")
    assert KO in decode_html(body, {"Content-Type": "text/html; charset=EUC-KR"})
    assert declared_charset(body, {"content-type": "text/html; charset=euc-kr"}) == "cp949"


def test_http_equiv_meta() -> None:
    body = f'<meta http-equiv="Content-Type" content="text/html; charset=euc-kr"><p>{KO}</p>'
    assert KO in decode_html(body.encode("cp949"))


def test_undeclared_legacy_korean_is_detected() -> None:
    body = f"<html><body><p>{KO}</p><p>{KO}</p></body></html>".encode("cp949")
    assert KO in decode_html(body)


def test_valid_utf8_under_a_stale_legacy_label_stays_utf8() -> None:
    body = f'<meta charset="gb2312"><p>{KO}</p>'.encode()
    assert KO in decode_html(body)


def test_latin1_label_is_windows_1252_and_bom_wins() -> None:
    assert decode_html(b"<meta charset=iso-8859-1><p>\x93quoted\x94</p>").count("“") == 1
    assert "é" in decode_html(b"\xef\xbb\xbf<meta charset=latin1>caf\xc3\xa9")


def test_fixture_page_without_http_charset(page) -> None:
    art = page("euc_kr.html")
    assert art.title == "똠방각하 시장 골목 새단장"
    assert art.outlet == "무등일보"
    assert art.byline is not None and art.byline.name == "최서연"
    assert art.quotes[0].speaker == "상인회장 유복례(62)씨"
