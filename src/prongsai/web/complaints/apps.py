from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "prongsai.web.complaints"
    label = "complaints"
    verbose_name = "ช่องทางร้องเรียนการทุจริต"

    def ready(self) -> None:
        from prongsai.web.complaints.privacy import install_log_filter

        install_log_filter()
