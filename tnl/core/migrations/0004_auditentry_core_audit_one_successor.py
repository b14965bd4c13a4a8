from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0003_chain_existing_entries")]

    operations = [
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.UniqueConstraint(fields=("previous_hash",), name="core_audit_one_successor"),
        ),
    ]
