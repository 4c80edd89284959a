"""The one place that turns a year's rows into the core's document, for the official reports."""

from __future__ import annotations

from decimal import Decimal

from prongsai.core import model
from prongsai.core.analysis import describe_result
from prongsai.core.compose import AnalysisInput, cover_memo
from prongsai.core.scoring import change
from prongsai.core.thai import to_thai_digits
from prongsai.web.frameworks import framework_for_year
from prongsai.web.organisations.models import Membership, Organisation
from prongsai.web.programme.convert import to_core
from prongsai.web.programme.models import Analysis, Measure, Result
from prongsai.web.programme.services import core_result, result_analysis
from prongsai.web.publication.models import ApprovalStep


def result_sentence(organisation: Organisation, year: int) -> str:
    stored = Result.objects.filter(organisation=organisation, fiscal_year=year - 1).first()
    if stored is None:
        return ""
    previous = Result.objects.filter(organisation=organisation, fiscal_year=year - 2).first()
    scored = core_result(stored)
    sentence = describe_result(scored, change(scored, core_result(previous)) if previous else None)
    if stored.framework_version != stored.fiscal_year:  # entered before its own framework was known
        sentence += to_thai_digits(
            f" (คิดตามกรอบการประเมินปี {stored.framework_version} เพราะยังไม่มีกรอบของปี {stored.fiscal_year})"
        )
    return sentence


def year_document(organisation: Organisation, year: int, kind: str) -> model.Document:
    framework = framework_for_year(year)
    names = {i.number: i.name for i in framework.indicators}
    rows = (
        Measure.objects.filter(organisation=organisation, fiscal_year=year)
        .prefetch_related("units__parent", "progress")
        .order_by("number")
    )
    people = Membership.objects.filter(organisation=organisation).select_related("user")
    signers = [
        model.Signature(m.user.get_full_name() or m.user.username, m.position or m.get_role_display())
        for m in people
        if m.role == Membership.COORDINATOR
    ]
    # The opinions in the chain's order (ปลัด → นายก); without a chain, every approver of the organisation.
    steps = [
        s.approver
        for s in ApprovalStep.objects.filter(organisation=organisation).select_related("approver__user")
    ]
    approvers = steps or [m for m in people if m.role == Membership.APPROVER]
    opinions = [
        model.Opinion(
            role=m.position or "ผู้บริหาร",
            position=m.position or None,
            name=m.user.get_full_name() or m.user.username,
            text=None,
        )
        for m in approvers
    ]
    memo = cover_memo(
        organisation.name,
        year,
        kind,
        result_sentence=result_sentence(organisation, year),
        signatures=signers,
        opinions=opinions,
        register_prefix=organisation.register_prefix,  # the number is given when the document is submitted
        to=steps[-1].position if steps else "",  # เรียน the last of the chain, who decides
    )
    return model.Document(
        title=None,
        kind=kind,  # type: ignore[arg-type]
        organisation=model.Organisation(
            organisation.name, organisation.type, organisation.district or None, organisation.province
        ),
        fiscal_year=year,
        memo=memo,
        result=None,
        measures=[] if kind == "complaints" else [to_core(r, names) for r in rows],
    )


def analysis_input(organisation: Organisation, year: int) -> AnalysisInput:
    stored = Result.objects.filter(organisation=organisation, fiscal_year=year - 1).first()
    texts = Analysis.objects.filter(organisation=organisation, fiscal_year=year).first()
    sentence = result_sentence(organisation, year)
    analysis_text = texts.analysis_text if texts else ""
    practice_text = texts.practice_text if texts else ""
    if stored is None:
        return AnalysisInput(sentence, analysis_text=analysis_text, practice_text=practice_text)
    scored, analysis = result_analysis(stored, Decimal(85))
    earlier = Result.objects.filter(organisation=organisation, fiscal_year=year - 2).first()
    return AnalysisInput.of(
        sentence,
        analysis,
        analysis_text,
        practice_text,
        result=scored,
        previous=core_result(earlier) if earlier else None,
    )
