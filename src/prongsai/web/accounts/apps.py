from django.contrib.admin.apps import AdminConfig


class ProngsaiAdminConfig(AdminConfig):
    """Django's admin, with the site's own login (password, then the code of those who enrolled one)."""

    default_site = "prongsai.web.accounts.admin_site.ProngsaiAdminSite"
