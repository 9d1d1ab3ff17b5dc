#pragma once

#include <QWidget>

#include "app/loadtest/load_test.h"

class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QScatterSeries;
class QSpinBox;
class QValueAxis;

namespace hearth::ui {

// The deployment guide's load test, against this server or any
// OpenAI-compatible one: its measures, and each request's latency and time
// to first token on a chart as they arrive.
class LoadTestPanel : public QWidget {
    Q_OBJECT
public:
    explicit LoadTestPanel(QWidget* parent = nullptr);

    // Fills the target with this server, unless the user chose another.
    void suggestTarget(const QString& baseUrl, const QString& model);
    void run();
    bool isRunning() const { return m_test.isRunning(); }

private:
    void sampleArrived(const app::LoadTestSample& sample, int done, int total);
    void finished(const app::LoadTestReport& report);

    app::LoadTest m_test;
    QLineEdit* m_url;
    QLineEdit* m_model;
    QLineEdit* m_key;
    QSpinBox* m_concurrency;
    QSpinBox* m_requests;
    QSpinBox* m_maxTokens;
    QPushButton* m_run;
    QProgressBar* m_progress;
    QLabel* m_summary;
    QScatterSeries* m_latency;
    QScatterSeries* m_ttft;
    QValueAxis* m_requestAxis;
    QValueAxis* m_secondsAxis;
    double m_mostSeconds = 0;
    QString m_suggestedUrl;
    QString m_suggestedModel;
};

} // namespace hearth::ui
