"""REST API of legal review: submissions, opinions, coordination, collective discussion (docs/api.md)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from sanxiang.cases import serializers as s
from sanxiang.cases.access import access_case
from sanxiang.cases.api import _valid
from sanxiang.core.api import SessionAPIView
from sanxiang.review import checklist, services


def _submission(sub) -> dict:
    opinion = getattr(sub, "opinion", None)
    return {
        "id": sub.pk, "round": sub.round, "after_hearing": sub.after_hearing, "completeness": sub.completeness,
        "submitted_by": sub.submitted_by_id, "submitted_at": sub.submitted_at.isoformat(),
        "opinion": None if opinion is None else {
            "id": opinion.pk, "reviewer": opinion.reviewer_id, "conclusion": opinion.conclusion,
            "conclusion_label": checklist.Conclusion(opinion.conclusion).label, "findings": opinion.findings,
            "problems": opinion.problems, "signed_at": opinion.signed_at.isoformat()},
    }  # fmt: skip


class Submissions(SessionAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="送审轮次及审核意见")
    def get(self, request, case_id):
        case = access_case(request.user, case_id)
        subs = case.review_submissions.select_related("opinion").order_by("round")
        return Response({"checklist": [{"code": i.code, "question": i.question} for i in checklist.ITEMS],
                         "results": [_submission(x) for x in subs]})  # fmt: skip

    @extend_schema(request=s.SubmitReviewIn, responses={201: OpenApiTypes.OBJECT}, summary="提交法制审核")
    def post(self, request, case_id):
        case = access_case(request.user, case_id, for_action="submit_review")
        sub = services.review_submit(actor=request.user, case=case, **_valid(s.SubmitReviewIn, request))
        return Response(_submission(sub), status=201)


class Opinions(SessionAPIView):
    @extend_schema(request=s.OpinionIn, responses={201: OpenApiTypes.OBJECT}, summary="签署法制审核意见")
    def post(self, request, case_id):
        case = access_case(request.user, case_id, for_action="review_opinion")
        row = services.review_opinion_sign(
            actor=request.user, case=case, findings=_valid(s.OpinionIn, request)["findings"]
        )
        return Response({"id": row.pk, "conclusion": row.conclusion, "problems": row.problems}, status=201)


class Coordinations(SessionAPIView):
    @extend_schema(request=s.CoordinationIn, responses={201: OpenApiTypes.OBJECT}, summary="记录协调")
    def post(self, request, case_id):
        case = access_case(request.user, case_id, for_action="coordinate")
        row = services.review_coordinate(actor=request.user, case=case, **_valid(s.CoordinationIn, request))
        return Response({"id": row.pk, "escalated": row.escalated}, status=201)


class Collective(SessionAPIView):
    @extend_schema(request=s.CollectiveIn, responses={201: OpenApiTypes.OBJECT}, summary="记录集体讨论")
    def post(self, request, case_id):
        case = access_case(request.user, case_id, for_action="collective")
        data = _valid(s.CollectiveIn, request)
        try:
            data["views"] = {int(k): v for k, v in data["views"].items()}
        except ValueError:
            data["views"] = {}
        row = services.review_collective_record(actor=request.user, case=case, **data)
        return Response(
            {"id": row.pk, "quorum_met": row.quorum_met, "leaders_total": row.leaders_total}, status=201
        )
