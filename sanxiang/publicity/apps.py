from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "sanxiang.publicity"
    label = "publicity"
    verbose_name = "行政执法公示"
