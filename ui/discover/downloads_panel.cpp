#include "ui/discover/downloads_panel.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include "app/hub/download_list_model.h"
#include "app/hub/download_queue.h"
#include "app/hub/transfer_text.h"

namespace hearth::ui {

namespace {

// The progress column as a bar, drawn by the style so that it looks native.
class ProgressDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        const double fraction = index.data(app::DownloadListModel::ProgressRole).toDouble();
        if (fraction < 0) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionProgressBar bar;
        bar.rect = option.rect.adjusted(2, 2, -2, -2);
        bar.minimum = 0;
        bar.maximum = 1000;
        bar.progress = int(fraction * 1000);
        bar.text = index.data().toString();
        bar.textVisible = true;
        bar.state = option.state | QStyle::State_Horizontal;
        QApplication::style()->drawControl(QStyle::CE_ProgressBar, &bar, painter);
    }
};

} // namespace

DownloadsPanel::DownloadsPanel(app::DownloadQueue& queue, QWidget* parent)
    : QWidget(parent)
    , m_queue(queue)
    , m_model(new app::DownloadListModel(queue, this))
    , m_table(new QTableView)
    , m_totals(new QLabel)
    , m_pause(new QPushButton(tr("&Pause")))
    , m_resume(new QPushButton(tr("&Resume")))
    , m_cancel(new QPushButton(tr("&Cancel")))
    , m_up(new QPushButton(tr("Sooner")))
    , m_down(new QPushButton(tr("Later")))
{
    m_table->setObjectName(QStringLiteral("downloads"));
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(app::DownloadListModel::ProgressColumn, new ProgressDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(app::DownloadListModel::StatusColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(app::DownloadListModel::ProgressColumn, QHeaderView::Interactive);
    m_table->setColumnWidth(
        app::DownloadListModel::ProgressColumn, fontMetrics().horizontalAdvance(QLatin1Char('M')) * 10);
    m_table->setToolTip(tr("Double-click a finished download to chat with it"));
    m_up->setToolTip(tr("Start the selected files before the others waiting"));
    m_down->setToolTip(tr("Let the other waiting files go first"));
    auto* clear = new QPushButton(tr("Clear &Finished"));
    auto* import = new QPushButton(tr("&Import…"));
    import->setToolTip(tr("Bring models in from a disk or a share, without a network"));

    auto* buttons = new QHBoxLayout;
    for (QPushButton* button : { m_pause, m_resume, m_cancel, m_up, m_down, clear })
        buttons->addWidget(button);
    buttons->addStretch();
    buttons->addWidget(m_totals);
    buttons->addWidget(import);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addLayout(buttons);

    const auto each = [this](auto action) {
        return [this, action] {
            for (const qint64 id : selectedIds())
                action(id);
            updateButtons();
        };
    };
    connect(m_pause, &QPushButton::clicked, this, each([this](qint64 id) { m_queue.pause(id); }));
    connect(m_resume, &QPushButton::clicked, this, each([this](qint64 id) { m_queue.resume(id); }));
    connect(m_cancel, &QPushButton::clicked, this, each([this](qint64 id) { m_queue.cancel(id); }));
    connect(m_up, &QPushButton::clicked, this, each([this](qint64 id) {
        if (const auto job = m_queue.job(id))
            m_queue.setPriority(id, job->priority + 1);
    }));
    connect(m_down, &QPushButton::clicked, this, each([this](qint64 id) {
        if (const auto job = m_queue.job(id))
            m_queue.setPriority(id, job->priority - 1);
    }));
    connect(clear, &QPushButton::clicked, &m_queue, &app::DownloadQueue::clearDone);
    connect(import, &QPushButton::clicked, this, &DownloadsPanel::importRequested);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const auto job = m_queue.job(m_model->idAt(index.row()));
        if (job && job->status == app::DownloadJob::Status::Finished)
            emit openRequested(job->libraryPath);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DownloadsPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        updateButtons();
        updateTotals();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &DownloadsPanel::updateTotals);
    connect(m_model, &QAbstractItemModel::modelReset, this, &DownloadsPanel::updateTotals);
    updateButtons();
    updateTotals();
}

QList<qint64> DownloadsPanel::selectedIds() const
{
    QList<qint64> ids;
    for (const QModelIndex& row : m_table->selectionModel()->selectedRows())
        ids << m_model->idAt(row.row());
    return ids;
}

void DownloadsPanel::updateButtons()
{
    bool canPause = false;
    bool canResume = false;
    bool canCancel = false;
    bool waiting = false;
    for (const qint64 id : selectedIds()) {
        const auto job = m_queue.job(id);
        if (!job)
            continue;
        using Status = app::DownloadJob::Status;
        canPause = canPause || job->isActive();
        canResume = canResume || job->status == Status::Paused || job->status == Status::Failed;
        canCancel = canCancel || (job->status != Status::Finished && job->status != Status::Cancelled);
        waiting = waiting || job->status == Status::Queued || job->status == Status::Paused;
    }
    m_pause->setEnabled(canPause);
    m_resume->setEnabled(canResume);
    m_cancel->setEnabled(canCancel);
    m_up->setEnabled(waiting);
    m_down->setEnabled(waiting);
}

void DownloadsPanel::updateTotals()
{
    const app::DownloadQueue::Totals totals = m_queue.totals();
    if (totals.active == 0) {
        m_totals->setText(m_model->rowCount() ? tr("Nothing downloading") : QString());
        return;
    }
    m_totals->setText(tr("Files to go: %n · %1 · %2 · %3 left", nullptr, totals.active)
                          .arg(app::TransferText::progress(totals.received, totals.size),
                              app::TransferText::speed(totals.rate.bytesPerSecond),
                              app::TransferText::timeLeft(totals.rate.secondsLeft)));
}

} // namespace hearth::ui
