"""The lifecycle's models move here from funding, enrolment and billing: state only.

The tables stay where those apps made them (each model names its `db_table`), so a database made
before the move keeps every row, and a new one gets the tables from the old apps' migrations, which
run first (the dependencies below). The old apps then drop the models from their state only.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('funding', '0001_initial'),
        ('enrolment', '0002_initial'),
        ('billing', '0002_initial'),
        ('regions', '0001_initial'),
        ('registry', '0005_worker_nik_check_without_regexp'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='FundingScheme',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=150, verbose_name='nama skema')),
                    ('funder_type', models.CharField(choices=[('APBD', 'APBD (pemerintah provinsi/kabupaten/kota)'), ('APBDES', 'APBDes / Dana Desa (pemerintah desa)'), ('APBN', 'APBN (pemerintah pusat)'), ('CSR', 'CSR perusahaan'), ('BAZNAS', 'BAZNAS'), ('MANDIRI', 'Mandiri (pekerja membayar sendiri)')], max_length=10, verbose_name='jenis penyandang dana')),
                    ('province_code', models.CharField(db_index=True, max_length=2)),
                    ('regency_code', models.CharField(blank=True, db_index=True, max_length=5)),
                    ('district_code', models.CharField(blank=True, max_length=8)),
                    ('village_code', models.CharField(blank=True, max_length=13)),
                    ('year', models.PositiveSmallIntegerField(verbose_name='tahun anggaran')),
                    ('budget', models.BigIntegerField(verbose_name='pagu anggaran (Rp)')),
                    ('segment', models.CharField(choices=[('BPU', 'Bukan Penerima Upah (BPU)'), ('PU', 'Penerima Upah (PU)')], default='BPU', max_length=3, verbose_name='segmen')),
                    ('programmes', models.JSONField(default=list, verbose_name='program')),
                    ('first_month', models.DateField(verbose_name='bulan pertama')),
                    ('months', models.PositiveSmallIntegerField(verbose_name='jumlah bulan')),
                    ('declared_income', models.BigIntegerField(default=1000000, verbose_name='dasar penghasilan (Rp)')),
                    ('quota', models.PositiveIntegerField(blank=True, null=True, verbose_name='kuota peserta')),
                    ('per_village_quota', models.PositiveIntegerField(blank=True, null=True, verbose_name='kuota per desa')),
                    ('deciles', models.JSONField(blank=True, default=list, verbose_name='desil DTSEN')),
                    ('occupations', models.JSONField(blank=True, default=list, verbose_name='pekerjaan')),
                    ('areas', models.JSONField(blank=True, default=list, verbose_name='wilayah sasaran')),
                    ('min_age', models.PositiveSmallIntegerField(default=15, verbose_name='usia minimum')),
                    ('max_age', models.PositiveSmallIntegerField(default=65, verbose_name='usia maksimum')),
                    ('disability_first', models.BooleanField(default=False, verbose_name='penyandang disabilitas didahulukan')),
                    ('lapse_after_months', models.PositiveSmallIntegerField(default=3, verbose_name='nonaktif setelah bulan tak terbayar')),
                    ('status', models.CharField(choices=[('draft', 'Draf'), ('approved', 'Disetujui'), ('running', 'Berjalan'), ('closed', 'Ditutup')], default='draft', max_length=10, verbose_name='status')),
                    ('approved_at', models.DateTimeField(blank=True, null=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                    ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('funder_region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.region', verbose_name='wilayah penyandang dana')),
                ],
                options={
                    'db_table': 'funding_fundingscheme',
                    'ordering': ['-year', 'name', 'id'],
                },
            ),
            migrations.CreateModel(
                name='Bill',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('month', models.DateField(verbose_name='bulan iuran')),
                    ('due_date', models.DateField(verbose_name='jatuh tempo')),
                    ('total', models.BigIntegerField(verbose_name='total (Rp)')),
                    ('members', models.PositiveIntegerField(verbose_name='jumlah peserta')),
                    ('issued_at', models.DateTimeField(auto_now_add=True)),
                    ('issued_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('scheme', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bills', to='schemes.fundingscheme')),
                ],
                options={
                    'db_table': 'billing_bill',
                    'ordering': ['month', 'id'],
                },
            ),
            migrations.CreateModel(
                name='Membership',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('programmes', models.JSONField(default=list, verbose_name='program')),
                    ('start_month', models.DateField(verbose_name='bulan mulai')),
                    ('end_month', models.DateField(blank=True, null=True, verbose_name='bulan akhir')),
                    ('status', models.CharField(choices=[('proposed', 'Diusulkan'), ('submitted', 'Diajukan ke BPJS'), ('active', 'Aktif'), ('lapsed', 'Nonaktif (tunggakan)'), ('ended', 'Berakhir')], default='proposed', max_length=10, verbose_name='status')),
                    ('kpj_number', models.CharField(blank=True, max_length=20, verbose_name='nomor KPJ')),
                    ('rejection_reason', models.CharField(blank=True, max_length=300, verbose_name='alasan penolakan')),
                    ('district_code', models.CharField(db_index=True, max_length=8)),
                    ('regency_code', models.CharField(db_index=True, max_length=5)),
                    ('province_code', models.CharField(max_length=2)),
                    ('planned_cost', models.BigIntegerField(default=0)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                    ('proposed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('scheme', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='schemes.fundingscheme')),
                    ('village', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.region')),
                    ('worker', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='registry.worker')),
                ],
                options={
                    'db_table': 'enrolment_membership',
                },
            ),
            migrations.CreateModel(
                name='BillLine',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('programme', models.CharField(max_length=3)),
                    ('amount', models.BigIntegerField()),
                    ('normal_amount', models.BigIntegerField()),
                    ('discount', models.BigIntegerField(default=0)),
                    ('rule_source', models.CharField(max_length=200)),
                    ('bill', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='schemes.bill')),
                    ('membership', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bill_lines', to='schemes.membership')),
                ],
                options={
                    'db_table': 'billing_billline',
                    'ordering': ['id'],
                },
            ),
            migrations.CreateModel(
                name='MembershipEvent',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('at', models.DateTimeField(auto_now_add=True)),
                    ('from_status', models.CharField(blank=True, max_length=10)),
                    ('to_status', models.CharField(max_length=10)),
                    ('why', models.CharField(blank=True, max_length=300)),
                    ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('membership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='schemes.membership')),
                ],
                options={
                    'db_table': 'enrolment_membershipevent',
                    'ordering': ['at', 'id'],
                },
            ),
            migrations.CreateModel(
                name='MembershipMonth',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('programme', models.CharField(max_length=3)),
                    ('month', models.DateField()),
                    ('membership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='month_rows', to='schemes.membership')),
                    ('worker', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registry.worker')),
                ],
                options={
                    'db_table': 'enrolment_membershipmonth',
                },
            ),
            migrations.CreateModel(
                name='Payment',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('amount', models.BigIntegerField(verbose_name='jumlah (Rp)')),
                    ('paid_on', models.DateField(verbose_name='tanggal bayar')),
                    ('reference', models.CharField(max_length=100, verbose_name='referensi')),
                    ('recorded_at', models.DateTimeField(auto_now_add=True)),
                    ('bill', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payments', to='schemes.bill')),
                    ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'billing_payment',
                    'ordering': ['paid_on', 'id'],
                },
            ),
            migrations.CreateModel(
                name='SchemeEvent',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('at', models.DateTimeField(auto_now_add=True)),
                    ('from_status', models.CharField(blank=True, max_length=10)),
                    ('to_status', models.CharField(max_length=10)),
                    ('why', models.CharField(blank=True, max_length=300)),
                    ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('scheme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='schemes.fundingscheme')),
                ],
                options={
                    'db_table': 'funding_schemeevent',
                    'ordering': ['at', 'id'],
                },
            ),
            migrations.AddIndex(
                model_name='fundingscheme',
                index=models.Index(fields=['regency_code', 'year'], name='scheme_regency_year'),
            ),
            migrations.AddConstraint(
                model_name='fundingscheme',
                constraint=models.CheckConstraint(condition=models.Q(('budget__gt', 0)), name='scheme_budget_positive'),
            ),
            migrations.AddConstraint(
                model_name='fundingscheme',
                constraint=models.CheckConstraint(condition=models.Q(('months__gte', 1), ('months__lte', 12)), name='scheme_months_1_12'),
            ),
            migrations.AddConstraint(
                model_name='fundingscheme',
                constraint=models.CheckConstraint(condition=models.Q(('min_age__lte', models.F('max_age'))), name='scheme_age_range'),
            ),
            migrations.AddConstraint(
                model_name='fundingscheme',
                constraint=models.CheckConstraint(condition=models.Q(('declared_income__gt', 0)), name='scheme_income_positive'),
            ),
            migrations.AddConstraint(
                model_name='fundingscheme',
                constraint=models.CheckConstraint(condition=models.Q(('lapse_after_months__gte', 1)), name='scheme_lapse_after_at_least_1'),
            ),
            migrations.AddConstraint(
                model_name='fundingscheme',
                constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'approved', 'running', 'closed'])), name='scheme_status_known'),
            ),
            migrations.AddConstraint(
                model_name='fundingscheme',
                constraint=models.CheckConstraint(condition=models.Q(('status', 'draft'), ('approved_at__isnull', False), _connector='OR'), name='scheme_approved_has_when'),
            ),
            migrations.AddConstraint(
                model_name='bill',
                constraint=models.UniqueConstraint(fields=('scheme', 'month'), name='bill_one_per_scheme_month'),
            ),
            migrations.AddConstraint(
                model_name='bill',
                constraint=models.CheckConstraint(condition=models.Q(('total__gte', 0)), name='bill_total_not_negative'),
            ),
            migrations.AddIndex(
                model_name='membership',
                index=models.Index(fields=['scheme', 'status'], name='membership_scheme_status'),
            ),
            migrations.AddIndex(
                model_name='membership',
                index=models.Index(fields=['regency_code', 'status'], name='membership_regency_status'),
            ),
            migrations.AddConstraint(
                model_name='membership',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'active'), _negated=True), models.Q(('kpj_number', ''), _negated=True), _connector='OR'), name='membership_active_has_kpj'),
            ),
            migrations.AddConstraint(
                model_name='membership',
                constraint=models.CheckConstraint(condition=models.Q(('end_month__isnull', True), ('end_month__gte', models.F('start_month')), _connector='OR'), name='membership_end_after_start'),
            ),
            migrations.AddConstraint(
                model_name='membership',
                constraint=models.CheckConstraint(condition=models.Q(('status__in', ['proposed', 'submitted', 'active', 'lapsed', 'ended'])), name='membership_status_known'),
            ),
            migrations.AddConstraint(
                model_name='membership',
                constraint=models.UniqueConstraint(condition=models.Q(('status', 'ended'), _negated=True), fields=('scheme', 'worker'), name='membership_one_per_scheme'),
            ),
            migrations.AddConstraint(
                model_name='billline',
                constraint=models.UniqueConstraint(fields=('bill', 'membership', 'programme'), name='bill_line_once'),
            ),
            migrations.AddConstraint(
                model_name='billline',
                constraint=models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='bill_line_not_negative'),
            ),
            migrations.AddConstraint(
                model_name='membershipmonth',
                constraint=models.UniqueConstraint(fields=('worker', 'programme', 'month'), name='one_funder_per_programme_month'),
            ),
            migrations.AddConstraint(
                model_name='payment',
                constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='payment_positive'),
            ),
            ],
            database_operations=[],
        ),
    ]
