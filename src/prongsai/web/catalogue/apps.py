from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "prongsai.web.catalogue"
    label = "catalogue"
    verbose_name = "คลังมาตรการ"
