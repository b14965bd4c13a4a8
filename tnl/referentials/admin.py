from django.contrib import admin

from .models import Referential


@admin.register(Referential)
class ReferentialAdmin(admin.ModelAdmin):
    """Read-only here: referentials change through the organiser pages and commands, which
    validate the whole document and write the audit log."""

    list_display = ["code", "version", "created_at", "updated_at"]
    search_fields = ["code"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
