from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "prongsai.web.organisations"
    label = "organisations"
    verbose_name = "หน่วยงานและผู้ใช้"
