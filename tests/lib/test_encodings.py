from __future__ import annotations

import codecs
import csv
from pathlib import Path

import pytest

from sangathan.lib.encodings import SAMPLE_SIZE, detect_encoding, open_text
from sangathan.lib.krutidev import krutidev_to_unicode

HINDI = "name,locality\r\nसंतोष शुक्ला,कानपुर\r\nसुनील बजाज,गोविंद नगर\r\n"
ROWS = [["name", "locality"], ["संतोष शुक्ला", "कानपुर"], ["सुनील बजाज", "गोविंद नगर"]]
# Kruti Dev text using cp1252-only characters: ¡ (ँ), Å (ऊ), Ø (क्र), ƒ„ (१२), — (कृ).
KRUTI = 'name,locality\r\n>k¡lh Å"kk,y[kuÅ\r\nØkfUrdkjh —".k,okMZ ƒ„\r\n'
KRUTI_UNICODE = [["झाँसी ऊषा", "लखनऊ"], ["क्रान्तिकारी कृष्ण", "वार्ड १२"]]


def _read(path: Path, encoding: str | None = None) -> list[list[str]]:
    with open_text(path, encoding) as fh:
        return list(csv.reader(fh))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (codecs.BOM_UTF8 + HINDI.encode(), "utf-8-sig"),
        (HINDI.encode("utf-8"), "utf-8"),
        (HINDI.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + HINDI.encode("utf-16-be"), "utf-16"),
        (HINDI.encode("utf-16-le"), "utf-16-le"),
        (HINDI.encode("utf-16-be"), "utf-16-be"),
        ("name\r\nRam\r\n".encode("utf-16-le"), "utf-16-le"),
        (KRUTI.encode("cp1252"), "cp1252"),
        (b"name,phone\r\nRam,98390 12345\r\n", "utf-8"),
        (b"", "utf-8"),
    ],
)
def test_detect_encoding(raw: bytes, expected: str) -> None:
    assert detect_encoding(raw) == expected


def test_bomless_utf16_of_mostly_devanagari_is_found_by_its_high_bytes() -> None:
    # One newline is the only NUL; the other high bytes are 0x09 (U+09xx).
    assert detect_encoding("संतोषशुक्ला\r\n".encode("utf-16-le")) == "utf-16-le"
    assert detect_encoding("संतोषशुक्ला\r\n".encode("utf-16-be")) == "utf-16-be"


def test_ascii_with_tabs_and_binary_are_not_taken_for_utf16() -> None:
    assert detect_encoding(b"a\tb\tc\td\te\tf\r\n1\t2\t3\t4\t5\t6\r\n") == "utf-8"
    assert detect_encoding(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5U") != "utf-16-le"


def test_a_sample_cut_inside_a_character_still_detects() -> None:
    data = HINDI.encode("utf-8")
    assert detect_encoding(data[:16]) == "utf-8"  # byte 16 is inside a Devanagari letter


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_files_read_back(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(HINDI.encode(encoding))
    assert _read(path) == ROWS


def test_cp1252_kruti_dev_file_reads_back_and_converts(tmp_path: Path) -> None:
    path = tmp_path / "purana.csv"
    path.write_bytes(KRUTI.encode("cp1252"))
    header, *rows = _read(path)
    assert header == ["name", "locality"]
    assert [[krutidev_to_unicode(cell) for cell in row] for row in rows] == KRUTI_UNICODE


def test_kruti_dev_double_quote_survives_csv_quoting(tmp_path: Path) -> None:
    # '"' is ष in Kruti Dev; Excel quotes such cells and doubles the quote.
    path = tmp_path / "sh.csv"
    path.write_bytes(b'name\r\n"larks""k \'kqDyk"\r\n')
    assert [krutidev_to_unicode(row[0]) for row in _read(path)[1:]] == ["संतोष शुक्ला"]


def test_bytes_undefined_in_cp1252_do_not_stop_the_read(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(b"name\r\nj\x81ke \xa1\r\n")
    assert _read(path) == [["name"], ["j\x81ke ¡"]]


def test_bom_is_dropped_even_when_utf8_is_forced(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + HINDI.encode())
    assert _read(path, "utf-8") == ROWS


def test_detection_reads_only_the_head_and_streams(tmp_path: Path) -> None:
    # ASCII for the whole sample, then Devanagari: the head alone decides (utf-8 is right).
    path = tmp_path / "big.csv"
    filler = "name\r\n" + "Ram Kumar\r\n" * (SAMPLE_SIZE // 10)
    path.write_bytes((filler + "सुनील बजाज\r\n").encode("utf-8"))
    with open_text(path) as fh:
        assert fh.readline() == "name\r\n"
        assert fh.read().endswith("सुनील बजाज\r\n")


def test_explicit_encoding_wins(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("name\r\nJosé\r\n".encode("latin-1"))
    assert _read(path, "latin-1") == [["name"], ["José"]]
    assert _read(path) == [["name"], ["José"]]  # detected as cp1252, same letters here
