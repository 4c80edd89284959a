from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "prongsai.web.oversight"
    label = "oversight"
    verbose_name = "การกำกับดูแล"
