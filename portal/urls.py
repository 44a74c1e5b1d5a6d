from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from certificates import views as certificate_views
from home import views as home_views
from member_center.cards import views as card_views
from portal import health
from portal.uploads import views as upload_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("member/certificates/", include("certificates.urls")),
    path("member/profile/", include("member_center.profiles.urls")),
    path("member/tickets/", include("member_center.tickets.urls")),
    path("member/cards/", include("member_center.cards.urls")),
    path("member/documents/", include("notices.urls")),
    path("member/activities/", include("activities.urls")),
    path("member/messages/", include("portal.notifications.urls")),
    path("member/", include("member_center.urls")),
    path("files/<uuid:uuid>/", upload_views.serve, name="attachment"),
    path("verify/", certificate_views.verify, name="certificate_verify"),
    path("verify/upload/", certificate_views.verify_upload, name="certificate_verify_upload"),
    path("pki/association-ca.crt", certificate_views.ca_certificate, name="certificate_ca"),
    path("pki/association.crl", certificate_views.certificate_revocation_list, name="certificate_crl"),
    path("pki/association-root.crl", certificate_views.root_certificate_revocation_list, name="certificate_root_crl"),
    path("verify/member/<str:token>/", card_views.verify, name="card_verify"),
    path("search/", home_views.search, name="search"),
    path("healthz", health.healthz, name="healthz"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
