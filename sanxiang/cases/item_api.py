"""REST API of a case's 涉案物品 (docs/api.md): list, record a line, withdraw a wrong line with a reason."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from sanxiang.cases import item_services
from sanxiang.cases.access import CaseNotFound, access_case
from sanxiang.cases.models_items import CaseItem
from sanxiang.core.api import SessionAPIView


class ItemIn(serializers.Serializer):
    kind = serializers.ChoiceField(
        CaseItem.Kind.values, help_text="seizure（查封、扣押）或 preservation（先行登记保存）"
    )
    name = serializers.CharField(max_length=200)
    specification = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3, min_value=0)
    unit = serializers.CharField(max_length=20)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class WithdrawIn(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


def item_json(item: CaseItem) -> dict:
    return {"id": item.pk, "kind": item.kind, "kind_label": item.get_kind_display(), "name": item.name,
            "specification": item.specification, "quantity": str(item.quantity), "unit": item.unit,
            "quantity_text": item.quantity_text, "note": item.note,
            "withdrawn_at": item.withdrawn_at.isoformat() if item.withdrawn_at else None,
            "withdrawn_reason": item.withdrawn_reason}  # fmt: skip


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class CaseItems(SessionAPIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="涉案物品（含已撤回的）")
    def get(self, request, case_id):
        case = access_case(request.user, case_id)
        return Response({"results": [item_json(i) for i in case.items.order_by("id")]})

    @extend_schema(
        request=ItemIn, responses={201: OpenApiTypes.OBJECT}, summary="登记涉案物品（物品清单的一行）"
    )
    def post(self, request, case_id):
        case = access_case(request.user, case_id, for_action="item_record")
        item = item_services.case_item_record(actor=request.user, case=case, **_valid(ItemIn, request))
        return Response(item_json(item), status=201)


class CaseItemWithdraw(SessionAPIView):
    @extend_schema(request=WithdrawIn, responses=OpenApiTypes.OBJECT, summary="撤回登记有误的涉案物品")
    def post(self, request, case_id, item_id):
        case = access_case(request.user, case_id, for_action="item_withdraw")
        item = CaseItem.objects.filter(case=case, pk=item_id).first()
        if item is None:
            raise CaseNotFound("涉案物品不存在。")
        item = item_services.case_item_withdraw(
            actor=request.user, item=item, reason=_valid(WithdrawIn, request)["reason"]
        )
        return Response(item_json(item))
