"""Forms open with the values they edit: a date input is pre-filled in the ISO form browsers read."""

import datetime as dt
import importlib
import pkgutil

from django import forms
from django.utils import translation

import payung
from payung.lib.widgets import DateInput
from payung.registry.forms import WorkerForm, initial_from_worker


def test_the_edit_form_opens_with_the_birth_date_in_iso_form(bob, worker_factory):
    worker = worker_factory(birth_date=dt.date(1985, 3, 12))
    with translation.override("id"):
        html = str(WorkerForm(initial=initial_from_worker(worker))["birth_date"])
    assert 'type="date"' in html
    assert 'value="1985-03-12"' in html


def _all_form_classes():
    for module in pkgutil.walk_packages(payung.__path__, "payung."):
        if module.name.rsplit(".", 1)[-1] == "forms":
            importlib.import_module(module.name)
    seen, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen and sub.__module__.startswith("payung."):
                seen.add(sub)
            todo.append(sub)
    return seen


def test_every_date_field_of_every_form_uses_the_shared_iso_date_input(db):
    found = []
    for form_class in _all_form_classes():
        for name, field in getattr(form_class, "base_fields", {}).items():
            if isinstance(field, forms.DateField) or getattr(field.widget, "input_type", "") == "date":
                found.append((form_class.__name__, name, type(field.widget) is DateInput))
    assert found, "the walk found no date field at all"
    assert [f for f in found if not f[2]] == []
