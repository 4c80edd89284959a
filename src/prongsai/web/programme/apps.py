from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "prongsai.web.programme"
    label = "programme"
    verbose_name = "มาตรการและผลการดำเนินการ"
