"""No screen string escapes translation: templates and Python are scanned, not only the catalogue."""

from pathlib import Path

from payung.core.untranslated import python_findings, template_findings, untranslated_screen_strings


def test_no_screen_string_is_left_unwrapped_for_translation():
    findings = untranslated_screen_strings()
    assert findings == [], "wrap these in {% translate %} / gettext:\n" + "\n".join(map(str, findings))


def probe(tmp_path: Path, name: str, text: str) -> Path:
    # The scanner reports paths relative to src/payung; a probe file elsewhere keeps its absolute name.
    path = tmp_path / name
    path.write_text(text)
    return path


def test_the_template_scan_finds_bare_text_and_attributes_but_not_variables_numbers_or_acronyms(
    tmp_path, monkeypatch
):
    monkeypatch.setattr("payung.core.untranslated.SRC", tmp_path)
    path = probe(
        tmp_path,
        "page.html",
        "{% load i18n %}<h1>Daftar pekerja</h1>\n<td>{{ worker.name }}</td> <b>NIK</b> · 20,00 % →\n"
        '{% translate "Simpan" %} {% blocktranslate %}Ada {{ n }} baris{% endblocktranslate %}\n'
        '<input placeholder="Cari nama"> <nav aria-label="{% translate \'Menu\' %}"></nav>\n'
        "{# catatan pengembang #}<script>let note = 'tidak dipindai';</script>\n",
    )
    assert [(f.line, f.text) for f in template_findings(path)] == [(4, "Cari nama"), (1, "Daftar pekerja")]


def test_the_python_scan_finds_messages_labels_and_choices_without_gettext(tmp_path, monkeypatch):
    monkeypatch.setattr("payung.core.untranslated.SRC", tmp_path)
    path = probe(
        tmp_path,
        "views.py",
        "from django.contrib import messages\n"
        "from django.utils.translation import gettext as _\n"
        "def view(request, forms, models, name):\n"
        "    messages.success(request, f'Pekerja {name} tersimpan.')\n"
        "    messages.error(request, _('Gagal menyimpan.'))\n"
        "    forms.CharField(label='Nama lengkap', help_text=_('sesuai KTP'))\n"
        "    forms.ChoiceField(choices=[('L', 'Laki-laki'), ('P', _('Perempuan'))])\n"
        "class Kind(models.TextChoices):\n"
        "    APBD = 'APBD', 'Anggaran daerah'\n"
        "    CSR = 'CSR', _('CSR perusahaan')\n",
    )
    assert sorted(f.line for f in python_findings(path)) == [4, 6, 7, 9]
