"""涉案物品: the goods a case seizes (查封、扣押) or preserves as evidence (先行登记保存), one row per line of the
物品清单 — name, specification, quantity and unit, remarks. The 物品清单, 查封扣押决定书 and 证据先行登记保存决定书
print them (``documents.context``). Written only by ``item_services.py``; a wrong line is withdrawn with a
reason (the row stays) and a correct one recorded.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CaseItem(models.Model):
    class Kind(models.TextChoices):
        SEIZURE = "seizure", "查封、扣押"
        PRESERVATION = "preservation", "先行登记保存"

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="items", verbose_name="案件"
    )
    kind = models.CharField("措施", max_length=16, choices=Kind.choices)
    name = models.CharField("物品名称", max_length=200)
    specification = models.CharField("规格", max_length=200, blank=True)
    quantity = models.DecimalField("数量", max_digits=14, decimal_places=3)
    unit = models.CharField("单位", max_length=20, help_text="如 瓶、箱、台、千克。")
    note = models.CharField("备注", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_reason = models.CharField("撤回理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "涉案物品"
        verbose_name_plural = "涉案物品"
        ordering = ["case", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.quantity_text}"

    @property
    def quantity_text(self) -> str:
        """The quantity as printed: ``12 瓶``, ``2.5 千克`` (no trailing zeros)."""
        number = format(self.quantity.normalize(), "f")
        return f"{number} {self.unit}".strip()
