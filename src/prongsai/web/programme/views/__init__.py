"""Views of the programme, by area. Each validates with a form, authorises through `prongsai.web.access`, calls
a service or the core, and renders."""
