from wagtail import hooks
from wagtail.permissions import register_permission_policy

from portal.admin_views import ClientProjectPermissionPolicy, ClientProjectViewSet
from portal.models import ClientProject

register_permission_policy(ClientProject, ClientProjectPermissionPolicy(ClientProject))


@hooks.register("register_admin_viewset")
def register_client_project_viewset():
    return ClientProjectViewSet()
