#include "ui/server/load_test_panel.h"

#include <QChartView>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScatterSeries>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QValueAxis>

namespace hearth::ui {

LoadTestPanel::LoadTestPanel(QWidget* parent)
    : QWidget(parent)
    , m_url(new QLineEdit)
    , m_model(new QLineEdit)
    , m_key(new QLineEdit)
    , m_concurrency(new QSpinBox)
    , m_requests(new QSpinBox)
    , m_maxTokens(new QSpinBox)
    , m_run(new QPushButton(tr("&Run load test")))
    , m_progress(new QProgressBar)
    , m_summary(new QLabel)
{
    m_url->setObjectName(QStringLiteral("loadTestUrl"));
    m_url->setPlaceholderText(QStringLiteral("http://127.0.0.1:8080/v1"));
    m_model->setObjectName(QStringLiteral("loadTestModel"));
    m_key->setObjectName(QStringLiteral("loadTestKey"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("when the server needs one"));
    m_concurrency->setObjectName(QStringLiteral("loadTestConcurrency"));
    m_concurrency->setRange(1, 256);
    m_concurrency->setValue(10);
    m_requests->setObjectName(QStringLiteral("loadTestRequests"));
    m_requests->setRange(1, 100000);
    m_requests->setValue(100);
    m_maxTokens->setRange(1, 32768);
    m_maxTokens->setValue(200);
    m_run->setObjectName(QStringLiteral("runLoadTest"));
    m_summary->setObjectName(QStringLiteral("loadTestSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_progress->setVisible(false);

    auto* form = new QFormLayout;
    form->addRow(tr("Server &address:"), m_url);
    form->addRow(tr("&Model:"), m_model);
    form->addRow(tr("API &key:"), m_key);
    form->addRow(tr("&Concurrent requests:"), m_concurrency);
    form->addRow(tr("&Requests in all:"), m_requests);
    form->addRow(tr("Longest &answer (tokens):"), m_maxTokens);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_progress, 1);
    auto* settings = new QVBoxLayout;
    settings->addLayout(form);
    settings->addLayout(buttons);
    settings->addWidget(m_summary);
    settings->addStretch();

    auto* chart = new QChart;
    m_latency = new QScatterSeries(chart);
    m_latency->setName(tr("Latency"));
    m_latency->setMarkerSize(7);
    m_ttft = new QScatterSeries(chart);
    m_ttft->setName(tr("Time to first token"));
    m_ttft->setMarkerSize(7);
    chart->addSeries(m_latency);
    chart->addSeries(m_ttft);
    m_requestAxis = new QValueAxis(chart);
    m_requestAxis->setTitleText(tr("Request"));
    m_requestAxis->setLabelFormat(QStringLiteral("%d"));
    m_secondsAxis = new QValueAxis(chart);
    m_secondsAxis->setTitleText(tr("Seconds"));
    chart->addAxis(m_requestAxis, Qt::AlignBottom);
    chart->addAxis(m_secondsAxis, Qt::AlignLeft);
    for (QScatterSeries* series : { m_latency, m_ttft }) {
        series->attachAxis(m_requestAxis);
        series->attachAxis(m_secondsAxis);
    }
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation);
    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(320, 220);

    auto* layout = new QHBoxLayout(this);
    layout->addLayout(settings, 2);
    layout->addWidget(view, 3);

    connect(m_run, &QPushButton::clicked, this, [this] {
        if (m_test.isRunning())
            m_test.cancel();
        else
            run();
    });
    connect(&m_test, &app::LoadTest::sampleArrived, this, &LoadTestPanel::sampleArrived);
    connect(&m_test, &app::LoadTest::finished, this, &LoadTestPanel::finished);
}

void LoadTestPanel::suggestTarget(const QString& baseUrl, const QString& model)
{
    if (m_url->text().isEmpty() || m_url->text() == m_suggestedUrl)
        m_url->setText(baseUrl);
    if (m_model->text().isEmpty() || m_model->text() == m_suggestedModel)
        m_model->setText(model);
    m_suggestedUrl = baseUrl;
    m_suggestedModel = model;
}

void LoadTestPanel::run()
{
    app::LoadTestConfig config;
    config.endpoint.baseUrl = QUrl(m_url->text().trimmed());
    config.endpoint.model = m_model->text().trimmed();
    config.endpoint.apiKey = m_key->text().trimmed();
    config.concurrency = m_concurrency->value();
    config.requests = m_requests->value();
    config.maxTokens = m_maxTokens->value();
    if (!config.endpoint.baseUrl.isValid() || config.endpoint.baseUrl.scheme().isEmpty()
        || config.endpoint.model.isEmpty()) {
        m_summary->setText(tr("Give the server's address (such as http://127.0.0.1:8080/v1) and the model's name."));
        return;
    }
    m_latency->clear();
    m_ttft->clear();
    m_mostSeconds = 0;
    m_requestAxis->setRange(0, config.requests);
    m_secondsAxis->setRange(0, 1);
    m_progress->setRange(0, config.requests);
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_summary->setText(tr("Sending %1 requests, %2 at a time…").arg(config.requests).arg(config.concurrency));
    m_run->setText(tr("&Cancel"));
    m_test.start(config);
}

void LoadTestPanel::sampleArrived(const app::LoadTestSample& sample, int done, int)
{
    m_progress->setValue(done);
    if (!sample.ok)
        return;
    m_latency->append(done, sample.latencyS);
    m_ttft->append(done, sample.timeToFirstTokenS);
    m_mostSeconds = std::max(m_mostSeconds, sample.latencyS);
    m_secondsAxis->setRange(0, m_mostSeconds * 1.1);
}

void LoadTestPanel::finished(const app::LoadTestReport& report)
{
    m_run->setText(tr("&Run load test"));
    m_progress->setVisible(false);
    const auto seconds = [](double s) { return tr("%1 s").arg(QLocale().toString(s, 'f', 3)); };
    QString text
        = tr("<b>%1 of %2 requests succeeded</b> (error rate %3 %) in %4<br>"
             "Throughput: %5 requests/s · %6 tokens/s in all<br>"
             "Latency: mean %7 · p50 %8 · p95 %9<br>"
             "Time to first token: %10 · tokens/s per request: %11")
              .arg(report.successCount)
              .arg(report.totalRequests)
              .arg(QLocale().toString(report.errorRate * 100, 'f', 1), seconds(report.wallS),
                  QLocale().toString(report.throughputRps, 'f', 2), QLocale().toString(report.outputTokensPerS, 'f', 1),
                  seconds(report.avgLatencyS), seconds(report.p50LatencyS), seconds(report.p95LatencyS))
              .arg(seconds(report.avgTtftS), QLocale().toString(report.avgTokensPerS, 'f', 1));
    if (!report.firstError.isEmpty())
        text += QStringLiteral("<br>") + tr("First error: %1").arg(report.firstError.toHtmlEscaped());
    m_summary->setText(text);
}

} // namespace hearth::ui
