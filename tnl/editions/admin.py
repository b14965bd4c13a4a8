from django.contrib import admin

from .models import Edition, JuryMember


class JuryMemberInline(admin.TabularInline):
    model = JuryMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["year", "referential", "opens_at", "closes_at", "ceremony_on"]
    readonly_fields = ["referential", "deliberation_started_at", "published_at", "archived_at"]
    inlines = [JuryMemberInline]
