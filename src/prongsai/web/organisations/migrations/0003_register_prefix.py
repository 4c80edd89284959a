from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_emblem"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="register_prefix",
            field=models.CharField(
                blank=True,
                help_text="เช่น มท ๐๘๑๘.๕/ ระบบเติมเลขลำดับเมื่อส่งเอกสารขออนุมัติ",
                max_length=60,
                verbose_name="ที่ของหนังสือ (คำนำหน้าเลขทะเบียนหนังสือส่ง)",
            ),
        ),
    ]
