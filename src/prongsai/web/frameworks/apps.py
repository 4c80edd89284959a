from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "prongsai.web.frameworks"
    label = "frameworks"
    verbose_name = "กรอบการประเมิน"
