from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sanxiang.accounts"
    label = "accounts"
    verbose_name = "执法主体与人员"
