from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "prongsai.web.publication"
    label = "publication"
    verbose_name = "การอนุมัติและการเผยแพร่"
