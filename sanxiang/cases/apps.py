from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sanxiang.cases"
    label = "cases"
    verbose_name = "行政处罚案件"
