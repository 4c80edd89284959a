from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0003_register_prefix"),
        ("publication", "0003_version_data_hash"),
    ]

    operations = [
        migrations.AddField(
            model_name="documentversion",
            name="register_year",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="ปีของทะเบียนหนังสือส่ง"),
        ),
        migrations.AddField(
            model_name="documentversion",
            name="register_number",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="เลขทะเบียนหนังสือส่ง"),
        ),
        migrations.AddConstraint(
            model_name="documentversion",
            constraint=models.UniqueConstraint(
                fields=("organisation", "register_year", "register_number"), name="unique_register_number"
            ),
        ),
    ]
