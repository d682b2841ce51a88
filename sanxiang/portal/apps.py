from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "sanxiang.portal"
    label = "portal"
    verbose_name = "公示网站"
