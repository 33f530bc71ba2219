from payung.lib.masking import mask_name, mask_nik, mask_phone


def test_a_nik_keeps_its_first_and_last_four_digits():
    assert mask_nik("1302031508950001") == "1302********0001"


def test_a_phone_keeps_its_operator_prefix_and_last_four_digits():
    assert mask_phone("081234567890") == "0812****7890"


def test_a_name_keeps_only_initials():
    assert mask_name("Siti  Rahma") == "S*** R****"
