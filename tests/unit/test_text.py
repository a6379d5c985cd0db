from commentsvc.core.text import nfc, vietnamese_sort_key


def test_vietnamese_order_puts_d_stroke_after_d_and_tones_in_dictionary_order():
    words = [
        "Đà Nẵng",
        "Cao Bằng",
        "Điện Biên",
        "Cà Mau",
        "An Giang",
        "Ư",
        "U",
        "Đồng Nai",
        "Dương",
        "Gia Lai",
    ]
    # Word by word: "Cà" is a prefix of "Cao", so Cà Mau comes first; "Đà" < "Điện" as a < i.
    assert sorted(words, key=vietnamese_sort_key) == [
        "An Giang",
        "Cà Mau",
        "Cao Bằng",
        "Dương",
        "Đà Nẵng",
        "Điện Biên",
        "Đồng Nai",
        "Gia Lai",
        "U",
        "Ư",
    ]


def test_tone_breaks_ties_in_dictionary_order():
    assert sorted(["má", "mà", "ma", "mạ", "mả", "mã"], key=vietnamese_sort_key) == [
        "ma",
        "mà",
        "má",
        "mả",
        "mã",
        "mạ",
    ]


def test_nfc():
    assert nfc("Vie\u0302\u0323t") == "Việt"
