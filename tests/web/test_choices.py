"""Every choice a model offers is labelled in Thai (the lists live in prongsai.core.vocabulary)."""

from __future__ import annotations

import re

from django.apps import apps

from prongsai.core import vocabulary
from prongsai.web.organisations.models import AuditEntry
from prongsai.web.programme.models import Measure
from prongsai.web.publication.models import DocumentVersion

THAI = re.compile(r"[\u0e01-\u0e5b]")


def test_every_model_choice_has_thai_words() -> None:
    checked = 0
    for model in apps.get_models():
        if not model.__module__.startswith("prongsai."):
            continue
        for field in model._meta.get_fields():
            for value, label in getattr(field, "choices", None) or []:
                checked += 1
                assert THAI.search(str(label)), f"{model.__name__}.{field.name}: {value!r} → {label!r}"
    assert checked >= 60


def test_the_models_choices_are_the_lists() -> None:
    assert Measure._meta.get_field("status").choices == vocabulary.MEASURE_STATUS.choices
    assert DocumentVersion._meta.get_field("kind").choices == vocabulary.DOCUMENT_KIND.choices
    assert DocumentVersion._meta.get_field("layout").choices == vocabulary.LAYOUT.choices
    assert AuditEntry._meta.get_field("action").choices == vocabulary.AUDIT_ACTION.choices
