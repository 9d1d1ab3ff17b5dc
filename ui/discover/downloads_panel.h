#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace hearth::app {
class DownloadListModel;
class DownloadQueue;
} // namespace hearth::app

namespace hearth::ui {

// The download queue: each file with a progress bar, speed and time left;
// pause, resume, cancel and priority for the selected ones; the totals
// below; and Import for models carried in on a disk.
class DownloadsPanel : public QWidget {
    Q_OBJECT
public:
    explicit DownloadsPanel(app::DownloadQueue& queue, QWidget* parent = nullptr);

signals:
    void importRequested();
    // A finished download was double-clicked.
    void openRequested(const QString& path);

private:
    QList<qint64> selectedIds() const;
    void updateButtons();
    void updateTotals();

    app::DownloadQueue& m_queue;
    app::DownloadListModel* m_model;
    QTableView* m_table;
    QLabel* m_totals;
    QPushButton* m_pause;
    QPushButton* m_resume;
    QPushButton* m_cancel;
    QPushButton* m_up;
    QPushButton* m_down;
};

} // namespace hearth::ui
