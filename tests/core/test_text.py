from tracker.core.text import name_key, strip_diacritics


def test_keys_fold_case_diacritics_and_punctuation():
    assert name_key("Sở Y tế") == name_key("so y te") == "so y te"
    assert name_key("Đài PTTH HN") == "dai ptth hn"
    assert name_key("  Sở   Tài chính, ") == "so tai chinh"


def test_ubnd_and_ủy_ban_nhân_dân_are_the_same():
    assert name_key("Ủy ban nhân dân quận Ba Đình") == name_key("UBND quận Ba Đình")
    assert name_key("Uỷ ban nhân dân quận Ba Đình") == name_key("UBND quận Ba Đình")


def test_decomposed_input_matches_composed():
    decomposed = "So\u031b\u0309 Y te\u0302\u0301"  # windows-1258 style combining marks
    assert name_key(decomposed) == name_key("Sở Y tế")


def test_strip_diacritics_handles_d_stroke():
    assert strip_diacritics("Đống Đa") == "Dong Da"
