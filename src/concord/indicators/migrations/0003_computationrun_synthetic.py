from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_computation_run_provenance")]

    operations = [
        migrations.AddField(
            model_name="computationrun",
            name="synthetic",
            field=models.BooleanField(
                default=False,
                help_text="computed from synthetic data: invented people, not real records",
            ),
        ),
    ]
