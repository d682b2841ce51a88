from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "sanxiang.catalog"
    label = "catalog"
    verbose_name = "执法事项目录"
